import { matchesFilters, type FilterableLead, type FilterSet } from '../shared';
import { medianMs, report } from './lib/report';

// The in-memory reference filter runs in the renderer's notification path and in tests;
// it must stay cheap over a large desk's worth of leads.
const N = 100_000;
const now = Date.UTC(2026, 10, 26, 12);
const accounts = ['acc-1', 'acc-2', 'acc-3', 'acc-4'];
const leads: FilterableLead[] = Array.from({ length: N }, (_, i) => ({
  status: (['new', 'contact_attempted', 'follow_up_needed', 'resolved'] as const)[i % 4]!,
  endedAtMs: now - (i % 5000) * 60_000,
  durationSeconds: i % 300,
  accountId: accounts[i % 4]!,
  customerName: i % 3 ? `Customer ${i}` : null,
  phone: `+1415555${String(i % 10000).padStart(4, '0')}`,
  queueId: `q-${i % 5}`,
  campaignId: i % 7 ? `cmp-${i % 7}` : null,
  notes: '',
  callType: null,
  reason: null,
  agentId: null,
}));
const set: FilterSet = {
  kind: 'abandoned',
  filters: { account: ['acc-1', 'acc-3'], campaign: ['cmp-2', 'cmp-3'], age: { max: 2000 }, customer: 'customer 1' },
};

const ms = await medianMs(() => leads.filter((l) => matchesFilters(set, l, now)).length);
report('shared.filter-100k-leads', ms, 'ms', '<', 50);
