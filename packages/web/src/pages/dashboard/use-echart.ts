import { useEffect, useRef, useState } from 'react';
import { echarts, type ChartOption } from './echarts.ts';

/**
 * One ECharts instance on a div: created on mount, resized with its box (the wall display and the
 * sider collapsing both change it), disposed on unmount. Each new option replaces the last, and
 * `onRendered` hears when the canvas first shows it.
 */
export function useEChart(option: ChartOption | null, dark: boolean, onRendered?: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<echarts.EChartsType | null>(null);
  const rendered = useRef(onRendered);
  rendered.current = onRendered;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, dark ? 'dark' : undefined, { renderer: 'canvas' });
    setChart(instance);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      setChart(null);
    };
  }, [dark]);

  useEffect(() => {
    if (!chart || !option) return;
    const done = () => {
      chart.off('rendered', done);
      rendered.current?.();
    };
    chart.on('rendered', done);
    chart.setOption(option, { notMerge: true });
    return () => {
      chart.off('rendered', done);
    };
  }, [chart, option]);

  return { ref, chart };
}
