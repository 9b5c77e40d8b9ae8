import { describe, expect, it } from 'vitest';
import { compareCampaigns, medianOfCounts } from '../../../server/reports/campaign-comparison';

describe('campaign comparison', () => {
  it('takes the median of counted values as percentile_cont does', () => {
    expect(medianOfCounts([])).toBeNull();
    expect(medianOfCounts([[600, 1]])).toBe(600);
    expect(medianOfCounts([[10, 1], [30, 1]])).toBe(20);
    expect(medianOfCounts([[30, 2], [10, 1]])).toBe(30);
    // 1, 2, 2, 2, 9, 9 → (2 + 2) / 2; 1, 2, 9, 9 → (2 + 9) / 2
    expect(medianOfCounts([[9, 2], [2, 3], [1, 1]])).toBe(2);
    expect(medianOfCounts([[9, 2], [2, 1], [1, 1]])).toBe(5.5);
  });

  it('sums groups into per-campaign volumes, outcomes and rates that add up to the total', () => {
    const names = new Map([['cmp-a', 'Radio'], ['cmp-b', 'Website']]);
    const { campaigns, total } = compareCampaigns(
      [
        { campaign_id: 'cmp-a', abandoned: true, outcome: 'recovered', speed: 60, n: 3 },
        { campaign_id: 'cmp-a', abandoned: true, outcome: 'open', speed: null, n: 5 },
        { campaign_id: 'cmp-a', abandoned: false, outcome: 'dismissed', speed: 120, n: 2 },
        { campaign_id: 'cmp-b', abandoned: false, outcome: 'none', speed: null, n: 4 },
        { campaign_id: 'cmp-b', abandoned: true, outcome: 'resolved_without_job', speed: 30, n: 2 },
        { campaign_id: null, abandoned: true, outcome: 'open', speed: null, n: 1 },
      ],
      names,
    );
    expect(total).toBe(17);
    expect(campaigns).toEqual([
      { campaignId: 'cmp-a', campaign: 'Radio', abandoned: 8, unbooked: 2, recovered: 3, resolvedWithoutJob: 0, dismissed: 2, recoveryRate: 0.3, medianSpeedToLeadSeconds: 60 },
      // Resolved without a job is neither a recovery nor open (#20 item 3).
      { campaignId: 'cmp-b', campaign: 'Website', abandoned: 2, unbooked: 4, recovered: 0, resolvedWithoutJob: 2, dismissed: 0, recoveryRate: 0, medianSpeedToLeadSeconds: 30 },
      { campaignId: null, campaign: 'No campaign', abandoned: 1, unbooked: 0, recovered: 0, resolvedWithoutJob: 0, dismissed: 0, recoveryRate: 0, medianSpeedToLeadSeconds: null },
    ]);
  });
});
