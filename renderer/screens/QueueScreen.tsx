import { useEffect, useState } from 'react';
import {
  ApiError,
  FOLLOW_UP_KIND_LABELS,
  nextStatuses,
  STATUS_LABELS,
  type FollowUpStatus,
  type Lead,
  type Tab,
} from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from '../state/store';

const TAB_LABELS: Record<Tab, string> = { open: 'Open', cold: 'Cold', done: 'Done' };

function age(endedAt: string, now: number): string {
  const m = Math.max(0, Math.floor((now - Date.parse(endedAt)) / 60_000));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h ${m % 60} min`;
  return `${Math.floor(m / 1440)} d`;
}

function useNow(everyMs: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function QueueScreen() {
  const { screen, tab, setTab, revision, toast } = useDesk();
  const [rows, setRows] = useState<Lead[]>([]);
  const [counts, setCounts] = useState<Record<Tab, number> | null>(null);
  const now = useNow(15_000);

  useEffect(() => {
    let live = true;
    const filterSet = { kind: screen, filters: {} } as const;
    void Promise.all([
      api.listLeads({ tab, filterSet, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 200 }),
      api.countLeads({ filterSet }),
    ]).then(([list, c]) => {
      if (!live) return;
      setRows(list.rows);
      setCounts(c);
    });
    return () => {
      live = false;
    };
  }, [screen, tab, revision, now]);

  async function setStatus(lead: Lead, to: FollowUpStatus) {
    try {
      await api.setLeadStatus({ leadId: lead.id, to });
      useDesk.getState().changed();
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'Could not change the status.' });
    }
  }

  return (
    <section aria-label={FOLLOW_UP_KIND_LABELS[screen]}>
      <h2>{FOLLOW_UP_KIND_LABELS[screen]}</h2>
      <div className="tabs" role="tablist">
        {(['open', 'cold', 'done'] as const).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {TAB_LABELS[t]} {counts ? `(${counts[t]})` : ''}
          </button>
        ))}
      </div>
      {rows.length === 0 ? (
        <p className="empty">Nothing here right now.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Customer</th>
              <th>Account</th>
              <th>{screen === 'abandoned' ? 'Campaign' : 'Agent'}</th>
              <th>{screen === 'abandoned' ? 'Queue' : 'Reason'}</th>
              <th>Age</th>
              <th>Duration</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.id} className={l.pending ? 'pending' : undefined} data-testid="lead-row">
                <td>
                  {l.customerName ?? l.phone}
                  {l.customerName ? <div>{l.phone}</div> : null}
                </td>
                <td>{l.accountName}</td>
                <td>{screen === 'abandoned' ? (l.campaignName ?? '—') : (l.agentName ?? '—')}</td>
                <td>{screen === 'abandoned' ? (l.queueName ?? '—') : (l.reason ?? '—')}</td>
                <td>{age(l.endedAt, now)}</td>
                <td>{l.durationSeconds} s</td>
                <td>
                  <select aria-label={`Status of ${l.customerName ?? l.phone}`} value={l.status} onChange={(e) => void setStatus(l, e.target.value as FollowUpStatus)}>
                    <option value={l.status}>{STATUS_LABELS[l.status]}</option>
                    {nextStatuses(l.kind, l.status, 'user').map((s) => (
                      <option key={s} value={s}>
                        {STATUS_LABELS[s]}
                      </option>
                    ))}
                  </select>
                  {l.pending ? ' (unsent)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
