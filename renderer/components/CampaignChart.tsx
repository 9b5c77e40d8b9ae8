import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { CampaignComparison } from '../../shared';

/** The bars in the order they stand in each group; the legend reads in the same order. */
const SERIES = [
  { key: 'abandoned', name: 'Abandoned', fill: '#b3261e' },
  { key: 'unbooked', name: 'Unbooked', fill: '#f0a020' },
  { key: 'recovered', name: 'Recovered (job booked)', fill: '#1a7f37' },
  { key: 'resolvedWithoutJob', name: 'Resolved without job', fill: '#4c9a6a' },
  { key: 'dismissed', name: 'Dismissed', fill: '#8b949e' },
] as const;
const order = (item: { dataKey?: unknown }) => SERIES.findIndex((s) => s.key === item.dataKey);

/** Per campaign, what went wrong and what was won back, side by side. */
export function CampaignChart({ campaigns }: { campaigns: CampaignComparison[] }) {
  return (
    <figure className="chart" aria-label="Campaign comparison chart">
      <BarChart width={720} height={260} data={campaigns} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="campaign" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        {/* Recharts sorts the legend by label unless told otherwise: it read in another order than the bars. */}
        <Legend itemSorter={order} />
        {SERIES.map((x) => (
          <Bar key={x.key} dataKey={x.key} name={x.name} fill={x.fill} isAnimationActive={false} />
        ))}
      </BarChart>
    </figure>
  );
}
