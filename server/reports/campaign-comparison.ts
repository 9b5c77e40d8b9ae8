import type { CampaignComparison } from '../../shared';

export type CampaignGroup = { campaign_id: string | null; abandoned: boolean; outcome: string; speed: number | null; n: number };

/** The median of values given as (value, how many), as percentile_cont(0.5) computes it. */
export function medianOfCounts(pairs: readonly [value: number, count: number][]): number | null {
  const sorted = [...pairs].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const [v, n] of sorted) {
      seen += n;
      if (k < seen) return v;
    }
    return sorted.at(-1)![0];
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** Per campaign, busiest first: volumes, outcomes, recovery rate and median speed-to-lead. */
export function compareCampaigns(groups: readonly CampaignGroup[], names: ReadonlyMap<string, string>): { campaigns: CampaignComparison[]; total: number } {
  const by = new Map<string | null, { c: CampaignComparison; calls: number; speeds: [number, number][] }>();
  for (const g of groups) {
    let e = by.get(g.campaign_id);
    if (!e) {
      e = {
        c: { campaignId: g.campaign_id, campaign: (g.campaign_id && names.get(g.campaign_id)) || 'No campaign', abandoned: 0, unbooked: 0, recovered: 0, dismissed: 0, recoveryRate: null, medianSpeedToLeadSeconds: null },
        calls: 0,
        speeds: [],
      };
      by.set(g.campaign_id, e);
    }
    if (g.abandoned) e.c.abandoned += g.n;
    else e.c.unbooked += g.n;
    if (g.outcome === 'recovered') e.c.recovered += g.n;
    if (g.outcome === 'dismissed') e.c.dismissed += g.n;
    if (g.speed !== null) e.speeds.push([g.speed, g.n]);
    e.calls += g.n;
  }
  const campaigns = [...by.values()]
    .map(({ c, calls, speeds }) => ({ ...c, recoveryRate: calls ? c.recovered / calls : null, medianSpeedToLeadSeconds: medianOfCounts(speeds) }))
    .sort((a, b) => b.abandoned + b.unbooked - (a.abandoned + a.unbooked) || a.campaign.localeCompare(b.campaign));
  return { campaigns, total: campaigns.reduce((s, c) => s + c.abandoned + c.unbooked, 0) };
}
