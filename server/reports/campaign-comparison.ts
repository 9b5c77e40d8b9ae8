import { supervisorFigures, type CampaignComparison, type FigureGroup } from '../../shared';

export { medianOfCounts } from '../../shared';

export type CampaignGroup = { campaign_id: string | null; abandoned: boolean; outcome: string; speed: number | null; n: number };

/**
 * Per campaign, busiest first: volumes, and the supervisor figures (recovered, dismissed, median
 * speed to lead) by the one rule the queue tiles use too (shared/reports/figures.ts).
 */
export function compareCampaigns(groups: readonly CampaignGroup[], names: ReadonlyMap<string, string>): { campaigns: CampaignComparison[]; total: number } {
  const by = new Map<string | null, { abandoned: number; unbooked: number; groups: FigureGroup[] }>();
  for (const g of groups) {
    let e = by.get(g.campaign_id);
    if (!e) by.set(g.campaign_id, (e = { abandoned: 0, unbooked: 0, groups: [] }));
    if (g.abandoned) e.abandoned += g.n;
    else e.unbooked += g.n;
    e.groups.push({ outcome: g.outcome as FigureGroup['outcome'], speed: g.speed, n: g.n });
  }
  const campaigns = [...by.entries()]
    .map(([campaignId, e]): CampaignComparison => {
      const f = supervisorFigures(e.groups);
      const calls = e.abandoned + e.unbooked;
      return {
        campaignId,
        campaign: (campaignId && names.get(campaignId)) || 'No campaign',
        abandoned: e.abandoned,
        unbooked: e.unbooked,
        recovered: f.recovered,
        resolvedWithoutJob: f.resolvedWithoutJob,
        dismissed: f.dismissed,
        recoveryRate: calls ? f.recovered / calls : null,
        medianSpeedToLeadSeconds: f.medianSpeedToLeadSeconds,
      };
    })
    .sort((a, b) => b.abandoned + b.unbooked - (a.abandoned + a.unbooked) || a.campaign.localeCompare(b.campaign));
  return { campaigns, total: campaigns.reduce((s, c) => s + c.abandoned + c.unbooked, 0) };
}
