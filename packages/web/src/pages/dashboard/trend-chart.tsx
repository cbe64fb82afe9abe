import { useMemo } from 'react';
import type { Translate } from '../../i18n/i18n-context.tsx';
import { formatWanNumber } from '../../lib/format.ts';
import type { Dashboard } from './dashboard-api.ts';
import type { ChartOption } from './echarts.ts';
import { useEChart } from './use-echart.ts';

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

/**
 * Completed investment month by month, this year's bars against last year's line. The chart
 * needs numbers to draw; the tooltip prints the server's exact decimal strings.
 */
export function TrendChart({ data, t, dark }: { data: Dashboard; t: Translate; dark: boolean }) {
  const option = useMemo<ChartOption>(() => {
    const thisYear = t('dashboard.thisYear', { year: data.year });
    const lastYear = t('dashboard.lastYear', { year: data.year - 1 });
    const text = dark ? '#d6e4ff' : '#595959';
    return {
      backgroundColor: 'transparent',
      color: ['#1f5fbf', '#fa8c16'],
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, textStyle: { color: text, fontSize: dark ? 16 : 12 } },
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const list = Array.isArray(params) ? params : [params];
          const index = list[0]?.dataIndex ?? 0;
          const line = (name: string, value: string | undefined) =>
            value === undefined ? '' : `<br/>${name}：${formatWanNumber(value)} 万元`;
          return (
            t('dashboard.monthLabel', { month: index + 1 }) +
            line(thisYear, index < data.month ? data.trend.thisYear[index] : undefined) +
            line(lastYear, data.trend.lastYear[index])
          );
        },
      },
      xAxis: {
        type: 'category',
        data: MONTHS.map((month) => t('dashboard.monthLabel', { month })),
        axisLabel: { color: text, fontSize: dark ? 14 : 12 },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: text, fontSize: dark ? 14 : 12 },
        splitLine: { lineStyle: { color: dark ? '#1d3461' : '#f0f0f0' } },
      },
      series: [
        {
          name: thisYear,
          type: 'bar',
          barMaxWidth: 22,
          // Months after the chosen one are not in yet; their bars would read as zero.
          data: data.trend.thisYear.map((value, index) => (index < data.month ? Number(value) : null)),
        },
        {
          name: lastYear,
          type: 'line',
          smooth: true,
          symbolSize: 6,
          data: data.trend.lastYear.map(Number),
        },
      ],
    };
  }, [data, t, dark]);
  const { ref } = useEChart(option, dark);
  return <div ref={ref} className="dash-trend" data-testid="dashboard-trend" />;
}
