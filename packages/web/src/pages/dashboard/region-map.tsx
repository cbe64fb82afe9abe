import { useEffect, useMemo } from 'react';
import type { Translate } from '../../i18n/i18n-context.tsx';
import { formatYi } from '../../lib/format.ts';
import type { Light, MapFeature, Marker, RegionFigures, RegionMap } from './dashboard-api.ts';
import { echarts, type ChartOption } from './echarts.ts';
import { LIGHT_COLORS, NO_LIGHT_COLOR } from './light-tag.tsx';
import { useEChart } from './use-echart.ts';

export const MEASURES = ['cumulative', 'growth', 'completion', 'red'] as const;
export type MapMeasure = (typeof MEASURES)[number];

const CITY_MAP = 'beacon-city';
const regionMapName = (code: string) => `beacon-region-${code}`;

/** What the map colours a region by (a number, for the colour scale only) and how it reads. */
export function measureOf(region: RegionFigures, measure: MapMeasure, t: Translate) {
  switch (measure) {
    case 'cumulative':
      // Only the colour scale uses the float; the label and tooltip print the exact string.
      return { value: Number(region.cumulative) / 10_000, text: formatYi(region.cumulative) };
    case 'growth':
      return region.growthPct === null
        ? { value: null, text: t('dashboard.noValue') }
        : { value: Number(region.growthPct), text: `${region.growthPct}%` };
    case 'completion':
      return region.completionPct === null
        ? { value: null, text: t('dashboard.noValue') }
        : { value: Number(region.completionPct), text: `${region.completionPct}%` };
    case 'red':
      return region.lights === null
        ? { value: null, text: t('dashboard.notClosed') }
        : { value: region.lights.red, text: String(region.lights.red) };
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type MarkerDatum = {
  name: string;
  value: [number, number];
  id: string;
  regionCode: string;
  light: Light | null;
  explanation: string | null;
};

/** The registered map for the city, or for one county when drilled into it. */
function registerMaps(map: RegionMap) {
  const geo = (features: MapFeature[]) =>
    ({ ...map, features }) as unknown as Parameters<typeof echarts.registerMap>[1];
  echarts.registerMap(CITY_MAP, geo(map.features));
  for (const feature of map.features) {
    if (feature.properties.code) echarts.registerMap(regionMapName(feature.properties.code), geo([feature]));
  }
}

export type DashboardHook = {
  option: () => unknown;
  /** Where a longitude and latitude are drawn on the page, for a real click on the canvas. */
  pagePoint: (coord: [number, number]) => [number, number] | null;
};
declare global {
  // Only an interface merges into the DOM's Window.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    __beaconDashboard?: DashboardHook;
  }
}

/**
 * The city's counties coloured by the chosen measure with a visualMap legend, Chinese labels,
 * and the projects as points coloured by their light. Clicking a county (or a point in it) drills
 * into it; the drilled map shows that county alone with its projects.
 */
export function RegionMapChart({
  map,
  regions,
  markers,
  measure,
  selected,
  onSelect,
  onRendered,
  dark,
  t,
}: {
  map: RegionMap;
  regions: readonly RegionFigures[];
  markers: readonly Marker[];
  measure: MapMeasure;
  selected: string | null;
  onSelect: (code: string) => void;
  onRendered: () => void;
  dark: boolean;
  t: Translate;
}) {
  // Registered before the option that names them is built.
  const registered = useMemo(() => {
    registerMaps(map);
    return map;
  }, [map]);

  const option = useMemo<ChartOption>(() => {
    const byCode = new Map(regions.map((region) => [region.code, region]));
    const byName = new Map(regions.map((region) => [region.name, region]));
    const figuresOf = (feature: MapFeature) =>
      (feature.properties.code ? byCode.get(feature.properties.code) : undefined) ??
      byName.get(feature.properties.name);
    const drilled = selected !== null && registered.features.some((f) => f.properties.code === selected);
    const features = registered.features.filter((f) => !drilled || f.properties.code === selected);
    const data = features.map((feature) => {
      const figures = figuresOf(feature);
      const shown = figures ? measureOf(figures, measure, t) : { value: null, text: t('dashboard.noValue') };
      return { name: feature.properties.name, value: shown.value ?? undefined, text: shown.text };
    });
    // The scale spans every region, so a county drilled into keeps the colour it had on the city map.
    const values = regions
      .map((region) => measureOf(region, measure, t).value)
      .filter((value): value is number => value !== null);
    const min = Math.min(0, ...values);
    const max = Math.max(measure === 'red' ? 1 : 0.01, ...values);
    const points: MarkerDatum[] = markers
      .filter((marker) => !drilled || marker.regionCode === selected)
      .map((marker) => ({
        name: marker.name,
        value: [marker.lng, marker.lat],
        id: marker.id,
        regionCode: marker.regionCode,
        light: marker.light,
        explanation: marker.explanation,
      }));
    const colorOf = (light: Light | null) => (light === null ? NO_LIGHT_COLOR : LIGHT_COLORS[light]);
    const text = dark ? '#e6f0ff' : '#262626';
    const measureName = t(`dashboard.measure.${measure}`);
    const big = dark ? 1.4 : 1;
    return {
      backgroundColor: 'transparent',
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          const item = Array.isArray(params) ? params[0] : params;
          if (!item) return '';
          if (item.seriesType === 'map' || item.componentType === 'geo') {
            const datum = data.find((entry) => entry.name === item.name);
            return `<strong>${escapeHtml(item.name)}</strong><br/>${measureName}：${escapeHtml(datum?.text ?? '—')}`;
          }
          const marker = item.data as MarkerDatum;
          const light = marker.light ? t(`dashboard.light.${marker.light}`) : t('dashboard.light.none');
          const why = marker.explanation ? `<br/>${escapeHtml(marker.explanation)}` : '';
          return `<div style="max-width:360px;white-space:normal"><strong>${escapeHtml(marker.name)}</strong><br/>${light}${why}</div>`;
        },
      },
      visualMap: {
        type: 'continuous',
        seriesIndex: 0,
        min,
        max,
        left: 12,
        bottom: 12,
        calculable: false,
        itemHeight: 110 * big,
        text: [
          t('dashboard.high'),
          `${measure === 'cumulative' ? t('dashboard.measureInYi', { measure: measureName }) : measureName}  ${t('dashboard.low')}`,
        ],
        textStyle: { color: text, fontSize: 12 * big },
        inRange: {
          color:
            measure === 'red'
              ? ['#fff1f0', '#ffa39e', '#cf1322']
              : dark
                ? ['#12305e', '#1f5fbf', '#69b1ff']
                : ['#e6f4ff', '#91caff', '#1f5fbf'],
        },
      },
      geo: {
        map: drilled ? regionMapName(selected!) : CITY_MAP,
        roam: true,
        layoutCenter: ['50%', '50%'],
        layoutSize: '92%',
        selectedMode: false,
        // The county names are drawn by the label series below, above the project points.
        label: { show: false },
        itemStyle: {
          areaColor: dark ? '#1a2a4a' : '#f0f0f0',
          borderColor: dark ? '#69b1ff' : '#ffffff',
          borderWidth: 1.2,
        },
        emphasis: {
          label: { show: false },
          itemStyle: { areaColor: '#ffd666' },
        },
      },
      series: [
        { type: 'map', geoIndex: 0, data: data.map(({ name, value }) => ({ name, value })) },
        {
          // County names at each county's seat, on the top layer so the points never hide them.
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 0,
          silent: true,
          tooltip: { show: false },
          zlevel: 3,
          label: {
            show: true,
            formatter: '{b}',
            color: text,
            fontSize: 13 * big,
            fontWeight: 600,
            textBorderColor: dark ? '#0b1730' : '#ffffff',
            textBorderWidth: 3,
          },
          data: features.flatMap((feature) =>
            feature.properties.cp ? [{ name: feature.properties.name, value: feature.properties.cp }] : [],
          ),
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 9 * big,
          itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
          data: points
            .filter((point) => point.light !== 'red')
            .map((point) => ({ ...point, itemStyle: { color: colorOf(point.light) } })),
          zlevel: 1,
        },
        {
          // Red points ripple so they catch the eye on the wall; capped, since each one animates.
          type: 'effectScatter',
          coordinateSystem: 'geo',
          symbolSize: 11 * big,
          rippleEffect: { scale: 3, brushType: 'stroke' },
          itemStyle: { color: LIGHT_COLORS.red, borderColor: '#ffffff', borderWidth: 1 },
          data: points.filter((point) => point.light === 'red').slice(0, 300),
          zlevel: 2,
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 11 * big,
          itemStyle: { color: LIGHT_COLORS.red, borderColor: '#ffffff', borderWidth: 1 },
          data: points.filter((point) => point.light === 'red').slice(300),
          zlevel: 2,
        },
      ],
    };
  }, [registered, regions, markers, measure, selected, dark, t]);

  const { ref, chart } = useEChart(option, dark, onRendered);

  useEffect(() => {
    if (!chart) return;
    const codeOf = (name: string) =>
      registered.features.find((feature) => feature.properties.name === name)?.properties.code ??
      regions.find((region) => region.name === name)?.code;
    const onClick = (params: echarts.ECElementEvent) => {
      if (params.seriesType === 'scatter' || params.seriesType === 'effectScatter') {
        onSelect((params.data as MarkerDatum).regionCode);
        return;
      }
      const code = codeOf(params.name);
      if (code) onSelect(code);
    };
    chart.on('click', onClick);
    window.__beaconDashboard = {
      option: () => chart.getOption(),
      pagePoint: (coord) => {
        const box = ref.current?.getBoundingClientRect();
        if (!box) return null;
        const [x = 0, y = 0] = chart.convertToPixel({ geoIndex: 0 }, coord) as number[];
        return [box.left + x, box.top + y];
      },
    };
    return () => {
      chart.off('click', onClick);
      delete window.__beaconDashboard;
    };
  }, [chart, registered, regions, onSelect, ref]);

  return <div ref={ref} className="dash-map" data-testid="dashboard-map" />;
}
