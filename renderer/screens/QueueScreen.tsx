import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
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
  hasFilters,
  type FollowUpKind,
  FOLLOW_UP_KIND_LABELS,
  formatAge,
  formatDuration,
  formatPhone,
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
  // The highlighted lead, by id: when a new call lands above it, the highlight stays on the lead.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
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
    setSelectedId(null);
    void api.saveFilterPreferences({ filterSet: next });
  }, []);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const rowAt = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  // A change, a new filter or tab, or the clock ticking: recount and drop the pages held.
  useEffect(() => {
    if (!filterSet) return;
    let live = true;
    api.countLeads({ filterSet }).then(
      (c) => {
        if (!live) return;
        setLoadError(null);
        setCounts(c);
        setTotal(c[tab]);
        setPages(new Map());
      },
      (err) => live && setLoadError(err instanceof ApiError ? err.message : 'The list could not be loaded.'),
    );
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
      api.listLeads({ tab, filterSet, sort, offset: p * PAGE, limit: PAGE }).then(
        (r) => live && setPages((old) => new Map(old).set(p, r.rows)),
        (err) => live && setLoadError(err instanceof ApiError ? err.message : 'The list could not be loaded.'),
      );
    }
    return () => {
      live = false;
    };
  }, [filterSet, tab, total, first, last, pages, sort]);

  // Rows reloaded: find the highlighted lead where it is now (or take the row at the position).
  useEffect(() => {
    if (selectedId) {
      for (const [p, rows] of pages) {
        const at = rows.findIndex((r) => r.id === selectedId);
        if (at >= 0) {
          if (p * PAGE + at !== selected) setSelected(p * PAGE + at);
          return;
        }
      }
    } else {
      const row = rowAt(selected);
      if (row) setSelectedId(row.id);
    }
  }, [pages, selectedId]);

  useEffect(() => {
    if (total > 0) virtualizer.scrollToIndex(Math.min(selected, total - 1), { align: 'auto' });
  }, [selected, total, virtualizer]);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(total - 1, to));
    setSelected(i);
    setSelectedId(rowAt(i)?.id ?? null);
  };

  function onKey(e: KeyboardEvent) {
    if ((e.target as HTMLElement).tagName === 'SELECT') return;
    if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      move(selected + 1);
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      move(selected - 1);
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
            {TAB_LABELS[t]} {counts ? <span className="count">({counts[t]})</span> : ''}
          </button>
        ))}
      </div>
      {filterSet && <FilterBar filterSet={filterSet} onChange={updateFilters} />}
      {loadError ? (
        <p className="error" role="alert">
          {loadError}
        </p>
      ) : total === 0 ? (
        <p className="empty">{filterSet && hasFilters(filterSet) ? 'No leads match these filters.' : 'Nothing here right now.'}</p>
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
                    {sort.column === column ? (
                      sort.direction === 'asc' ? <ArrowUp className="icon" aria-hidden="true" /> : <ArrowDown className="icon" aria-hidden="true" />
                    ) : null}
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
                className={[l.pending ? 'pending' : '', l.id === selectedId ? 'selected' : ''].join(' ').trim() || undefined}
                style={{ height: ROW_HEIGHT }}
                aria-rowindex={i + 2}
                aria-selected={l.id === selectedId}
                data-testid="lead-row"
                onClick={() => {
                  setSelected(i);
                  setSelectedId(l.id);
                  setOpenId(l.id);
                }}
              >
                <td>
                  <bdi>{l.customerName ?? formatPhone(l.phone)}</bdi>
                  {l.customerName ? <div className="sub">{formatPhone(l.phone)}</div> : null}
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
                <td>{formatAge(Date.parse(l.endedAt), now)}</td>
                <td>{formatDuration(l.durationSeconds)}</td>
                <td>
                  <select aria-label={`Status of ${l.customerName ?? l.phone}`} value={l.status} onClick={(e) => e.stopPropagation()} onChange={(e) => void setStatus(l, e.target.value as FollowUpStatus)}>
                    <option value={l.status}>{STATUS_LABELS[l.status]}</option>
                    {nextStatuses(l.kind, l.status, 'user').map((s) => (
                      <option key={s} value={s}>
                        {STATUS_LABELS[s]}
                      </option>
                    ))}
                  </select>
                  {l.pending ? <span className="unsent"> (unsent)</span> : ''}
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
