import { Box } from '@mantine/core';
import type { EChartsCoreOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// SVG, not canvas: the drawing stays sharp when zoomed, and its text is in the page for the
// browser's find and for screenshots. Each screen registers the chart types it draws with
// `echarts.use`, so only those reach its code chunk.
echarts.use([SVGRenderer]);

export { echarts };

/**
 * One ECharts drawing, redrawn whenever `option` changes and resized with its box. A chart is
 * not readable by keyboard or screen reader: every screen that draws one also gives its numbers
 * as text (a table or a list), and `label` names the drawing for assistive technology, which
 * otherwise meets an unnamed image.
 */
export function EChart({
  option,
  label,
  height = 320,
  onReady,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  /** The chart instance once drawn, for event handlers (a click on a node). */
  onReady?: (chart: echarts.ECharts) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    // Animations make screenshots and tests read a half-drawn chart, and cost a slow laptop.
    instance.setOption({ animation: false, ...option }, { notMerge: true });
    onReady?.(instance);
  }, [option, onReady]);

  return <Box ref={box} role="img" aria-label={label} h={height} w="100%" />;
}
