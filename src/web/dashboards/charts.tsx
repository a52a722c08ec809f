// The dashboards' charts (@mantine/charts on recharts). This module and its styles are loaded only
// by the dashboards (React.lazy), never by the first screen. Each chart is an image labelled with
// its numbers; the same numbers stand in a table beside it, which screen readers read instead.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { dashboardsText } from '../i18n/dashboards';

/** `short`: the label on the chart's axis when the full one is too long for it. */
export type Bar = { label: string; value: number; short?: string };

export function BarsChart({
  title,
  bars,
  unit,
  horizontal = false,
}: {
  title: string;
  bars: Bar[];
  unit?: string;
  horizontal?: boolean;
}) {
  const numbers = bars.map((b) => `${b.label}: ${b.value}${unit ?? ''}`).join('; ');
  const height = horizontal ? Math.max(160, bars.length * 24 + 40) : 220;
  return (
    <div role="img" aria-label={`${dashboardsText.chartLabel(title)} ${numbers}`}>
      <BarChart
        h={height}
        data={bars.map((b) => ({ label: b.short ?? b.label, value: b.value }))}
        dataKey="label"
        orientation={horizontal ? 'vertical' : 'horizontal'}
        series={[{ name: 'value', label: title, color: 'primary.6' }]}
        // Every bar keeps its label: recharts would otherwise drop those that crowd.
        yAxisProps={horizontal ? { width: 140, interval: 0 } : undefined}
        xAxisProps={horizontal ? undefined : { interval: 0 }}
        withTooltip={false}
        barChartProps={{ accessibilityLayer: false }}
        tickLine="none"
        gridAxis="none"
      />
    </div>
  );
}
