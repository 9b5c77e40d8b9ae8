import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { CampaignComparison } from '../../shared';

/** Per campaign, what went wrong and what was won back, side by side. */
export function CampaignChart({ campaigns }: { campaigns: CampaignComparison[] }) {
  return (
    <figure className="chart" aria-label="Campaign comparison chart">
      <BarChart width={720} height={260} data={campaigns} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="campaign" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar dataKey="abandoned" name="Abandoned" fill="#b3261e" isAnimationActive={false} />
        <Bar dataKey="unbooked" name="Unbooked" fill="#f0a020" isAnimationActive={false} />
        <Bar dataKey="recovered" name="Recovered (job booked)" fill="#1a7f37" isAnimationActive={false} />
        <Bar dataKey="resolvedWithoutJob" name="Resolved without job" fill="#4c9a6a" isAnimationActive={false} />
        <Bar dataKey="dismissed" name="Dismissed" fill="#8b949e" isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
