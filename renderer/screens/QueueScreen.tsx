import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  CALL_TYPE_LABELS,
  reasonLine,
  UNBOOKED_REASON_LABELS,
  ApiError,
  DONE_OUTCOME_LABELS,
  doneOutcome,
  type ApiRequest,
  type FilterSet,
  type FollowUpKind,
  FOLLOW_UP_KIND_LABELS,
  nextStatuses,
  STATUS_LABELS,
  type FollowUpStatus,
  type Lead,
  type Tab,
} from '../../shared';
import { api } from '../bridge/api';
import { FilterBar } from '../components/FilterBar';
import { LeadDrawer } from '../components/LeadDrawer';
import { useDesk } from '../state/store';

type Sort = { column: ApiRequest<'listLeads'>['sort']['column']; direction: 'asc' | 'desc' };

const TAB_LABELS: Record<Tab, string> = { open: 'Open', cold: 'Cold', done: 'Done' };
/** Rows are fetched from the desk cache a page at a time, only where the user is looking. */
const PAGE = 100;
const ROW_HEIGHT = 52;

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

export function QueueScreen({ kind: screen }: { kind: FollowUpKind }) {
  const { tab, setTab, revision, toast } = useDesk();
  const [pages, setPages] = useState<Map<number, Lead[]>>(new Map());
  const [total, setTotal] = useState(0);
  const [counts, setCounts] = useState<Record<Tab, number> | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [filterSet, setFilterSet] = useState<FilterSet | null>(null);
  const [selected, setSelected] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>({ column: 'age', direction: 'asc' });
  const focus = useDesk((s) => s.focus);
  const clearFocus = useDesk((s) => s.clearFocus);

  // Opened from a toast or the bell.
  useEffect(() => {
    if (!focus) return;
    setOpenId(focus);
    clearFocus();
  }, [focus, clearFocus]);
  const now = useNow(15_000);

  // Filters are kept per user and per screen, across restarts.
  useEffect(() => {
    void api.getFilterPreferences({ kind: screen }).then((saved) => setFilterSet(saved ?? ({ kind: screen, filters: {} } as FilterSet)));
  }, [screen]);

  const updateFilters = useCallback((next: FilterSet) => {
    setFilterSet(next);
    setSelected(0);
    void api.saveFilterPreferences({ filterSet: next });
  }, []);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const rowAt = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  // A change, a new filter or tab, or the clock ticking: recount and drop the pages held.
  useEffect(() => {
    if (!filterSet) return;
    let live = true;
    void api.countLeads({ filterSet }).then((c) => {
      if (!live) return;
      setCounts(c);
      setTotal(c[tab]);
      setPages(new Map());
    });
    return () => {
      live = false;
    };
  }, [filterSet, tab, revision, now, sort]);

  // Fetch the pages the visible rows fall in.
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (!filterSet || total === 0) return;
    let live = true;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (pages.has(p)) continue;
      void api.listLeads({ tab, filterSet, sort, offset: p * PAGE, limit: PAGE }).then((r) => {
        if (live) setPages((old) => new Map(old).set(p, r.rows));
      });
    }
    return () => {
      live = false;
    };
  }, [filterSet, tab, total, first, last, pages, sort]);

  useEffect(() => {
    if (total > 0) virtualizer.scrollToIndex(Math.min(selected, total - 1), { align: 'auto' });
  }, [selected, total, virtualizer]);

  function onKey(e: KeyboardEvent) {
    if ((e.target as HTMLElement).tagName === 'SELECT') return;
    if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      setSelected((i) => Math.min(total - 1, i + 1));
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      setSelected((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter' && rowAt(selected)) {
      setOpenId(rowAt(selected)!.id);
    }
  }



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
      {filterSet && <FilterBar filterSet={filterSet} onChange={updateFilters} />}
      {total === 0 ? (
        <p className="empty">Nothing here right now.</p>
      ) : (
        <div className="scroller" ref={scroller}>
        <table tabIndex={0} onKeyDown={onKey} aria-label="Leads (arrow keys or j/k to move, Enter to open)" aria-rowcount={total}>
          <thead>
            <tr>
              {(
                (screen === 'abandoned'
                  ? [
                      ['customer', 'Customer'],
                      ['account', 'Account'],
                      ['campaign', 'Campaign'],
                      ['queue', 'Queue'],
                      ['age', 'Age'],
                      ['duration', 'Duration'],
                      ['status', 'Status'],
                    ]
                  : [
                      ['customer', 'Customer'],
                      ['account', 'Account'],
                      ['agent', 'Agent'],
                      ['type', 'Type'],
                      ['reason', 'Reason'],
                      [null, 'Notes'],
                      ['score', 'Score'],
                      ['age', 'Age'],
                      ['duration', 'Duration'],
                      ['status', 'Status'],
                    ]) as [Sort['column'] | null, string][]
              ).map(([column, label]) =>
                column === null ? (
                  <th key={label}>{label}</th>
                ) : (
                <th key={column} aria-sort={sort.column === column ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button
                    className="sort"
                    onClick={() => setSort((s) => ({ column, direction: s.column === column && s.direction === 'asc' ? 'desc' : 'asc' }))}
                  >
                    {label}
                    {sort.column === column ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            <tr className="spacer" aria-hidden="true" style={{ height: items[0]?.start ?? 0 }} />
            {items.map(({ index: i }) => {
              const l = rowAt(i);
              if (!l) {
                return (
                  <tr key={`loading-${i}`} className="loading" style={{ height: ROW_HEIGHT }}>
                    <td colSpan={screen === 'abandoned' ? 7 : 10}>Loading…</td>
                  </tr>
                );
              }
              return (
              <tr
                key={l.id}
                className={[l.pending ? 'pending' : '', i === selected ? 'selected' : ''].join(' ').trim() || undefined}
                style={{ height: ROW_HEIGHT }}
                aria-rowindex={i + 2}
                aria-selected={i === selected}
                data-testid="lead-row"
                onClick={() => {
                  setSelected(i);
                  setOpenId(l.id);
                }}
              >
                <td>
                  {l.customerName ?? l.phone}
                  {l.customerName ? <div>{l.phone}</div> : null}
                </td>
                <td>{l.accountName}</td>
                {screen === 'abandoned' ? (
                  <>
                    <td>{l.campaignName ?? '—'}</td>
                    <td>{l.queueName ?? '—'}</td>
                  </>
                ) : (
                  <>
                    <td>{l.agentName ?? '—'}</td>
                    <td>{l.callType ? CALL_TYPE_LABELS[l.callType] : '—'}</td>
                    <td>{l.reason ? UNBOOKED_REASON_LABELS[l.reason] : '—'}</td>
                    <td className="notes-cell" title={l.notes || undefined}>
                      {l.notes || '—'}
                    </td>
                    <td data-testid="lead-score">
                      {l.score ? (
                        <>
                          <strong>{l.score.score}</strong>
                          <div className="hint">{reasonLine(l.score, true)}</div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </>
                )}
                <td>{age(l.endedAt, now)}</td>
                <td>{l.durationSeconds} s</td>
                <td>
                  <select aria-label={`Status of ${l.customerName ?? l.phone}`} value={l.status} onClick={(e) => e.stopPropagation()} onChange={(e) => void setStatus(l, e.target.value as FollowUpStatus)}>
                    <option value={l.status}>{STATUS_LABELS[l.status]}</option>
                    {nextStatuses(l.kind, l.status, 'user').map((s) => (
                      <option key={s} value={s}>
                        {STATUS_LABELS[s]}
                      </option>
                    ))}
                  </select>
                  {l.pending ? ' (unsent)' : ''}
                  {tab === 'done' && doneOutcome(l.status) && (
                    <div className="hint" data-testid="outcome">
                      {DONE_OUTCOME_LABELS[doneOutcome(l.status)!]}
                    </div>
                  )}
                </td>
              </tr>
              );
            })}
            <tr className="spacer" aria-hidden="true" style={{ height: Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)) }} />
          </tbody>
        </table>
        </div>
      )}
      {openId && <LeadDrawer leadId={openId} onClose={() => setOpenId(null)} />}
    </section>
  );
}
