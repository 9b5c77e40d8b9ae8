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
  type FilterColumn,
  type FilterSet,
  formatDateTime,
  hasFilters,
  pastSpeedTarget,
  type FollowUpKind,
  FOLLOW_UP_KIND_LABELS,
  formatAge,
  formatCaller,
  formatDuration,
  formatPhone,
  nextStatuses,
  STATUS_LABELS,
  type FollowUpStatus,
  type Lead,
  type Tab,
} from '../../shared';
import { api } from '../bridge/api';
import { ColumnFilter } from '../components/ColumnFilter';
import { choicesOnTab, useFilterChoices } from '../components/filter-choices';
import { FILTER_LABELS, FilterBar } from '../components/FilterBar';
import { useScreenZone } from '../components/zone';
import { LeadDrawer } from '../components/LeadDrawer';
import { SclOffNotice } from '../components/SclOffNotice';
import { useDesk, useUnsent } from '../state/store';
import { useDeskQuery } from '../state/use-desk-query';
import { Select } from '../ui/Select';

type Sort = { column: ApiRequest<'listLeads'>['sort']['column']; direction: 'asc' | 'desc' };
/**
 * A column of the list: what its header sorts by, which filter it opens, and its share of the
 * width (the columns share the window out, so the list fits a 1280 px window without scrolling
 * sideways; Second Chance Leads has eleven).
 */
type Column = { label: string; sort?: Sort['column']; filter?: FilterColumn; width?: string };

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
  const { tab, setTab, toast } = useDesk();
  const [pages, setPages] = useState<Map<number, Lead[]>>(new Map());
  const [total, setTotal] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const [filterSet, setFilterSet] = useState<FilterSet | null>(null);
  const [selected, setSelected] = useState(0);
  // The highlighted lead, by id: when a new call lands above it, the highlight stays on the lead.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  // Enter pressed while the list was reloading (a new filter, a lead changed anywhere, the clock):
  // the highlighted row opens when it shows, rather than the key being lost.
  const [openWhenShown, setOpenWhenShown] = useState(false);
  const [sort, setSort] = useState<Sort>({ column: 'age', direction: 'asc' });
  const focus = useDesk((s) => s.focus);
  const unsent = useUnsent();
  const session = useDesk((s) => s.session);
  const zone = useScreenZone();
  const choices = useFilterChoices(screen);
  const clearFocus = useDesk((s) => s.clearFocus);

  // Opened from a toast or the bell.
  useEffect(() => {
    if (!focus) return;
    setOpenId(focus);
    clearFocus();
  }, [focus, clearFocus]);
  const now = useNow(15_000);

  // Filters are kept per user and per screen, across restarts: a screen's saved filters, never another's.
  useDeskQuery(() => api.getFilterPreferences({ kind: screen }), {
    key: screen,
    failure: 'Your saved filters could not be read.',
    onAnswer: (saved) => setFilterSet(saved ?? ({ kind: screen, filters: {} } as FilterSet)),
  });

  const updateFilters = useCallback((next: FilterSet) => {
    setFilterSet(next);
    setSelected(0);
    setSelectedId(null);
    setOpenWhenShown(false);
    void api.saveFilterPreferences({ filterSet: next });
  }, []);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const rowAt = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  // A change of the leads, a new filter, tab or sort, or the clock ticking: recount (the counts
  // shown stay meanwhile), and with each new count drop the pages held.
  const counted = useDeskQuery(filterSet ? () => api.countLeads({ filterSet }) : null, {
    key: [filterSet, tab, now, sort],
    leads: true,
    keepWhileAsking: true,
    failure: 'The list could not be loaded.',
    onAnswer: (c) => {
      setLoadError(null);
      setTotal(c[tab]);
      setPages(new Map());
    },
  });
  const counts = counted.data;
  useEffect(() => {
    if (counted.error) setLoadError(counted.error);
  }, [counted.error]);

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

  const table = useRef<HTMLTableElement>(null);
  /**
   * The list takes the keys when its screen opens, unless something else has them: the keyboard
   * help promises arrows, j/k and Enter, and on a fresh screen they did nothing until ten Tabs
   * reached the table (a newcomer's walk). A screen picked from the sidebar hands them over too.
   */
  useEffect(() => {
    const at = document.activeElement;
    if (!at || at === document.body || at.closest('nav')) table.current?.focus({ preventScroll: true });
  }, [screen]);
  /** Closing the drawer gives the keys back to the list (focus had gone with the drawer). */
  function closeDrawer() {
    setOpenId(null);
    requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) table.current?.focus({ preventScroll: true });
    });
  }

  function onKey(e: KeyboardEvent) {
    // Only keys pressed on the table itself: not in a row's status, a sort button or a column filter.
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      move(selected + 1);
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      move(selected - 1);
    } else if (e.key === 'Enter') {
      const row = rowAt(selected);
      if (row) setOpenId(row.id);
      else if (total > 0) setOpenWhenShown(true);
    }
  }

  // Another tab is another list: an Enter still waiting for the old one's rows must not open
  // whatever row of the new one sits at that place, and the highlight starts at the top.
  useEffect(() => {
    setOpenWhenShown(false);
    setSelected(0);
    setSelectedId(null);
  }, [tab]);

  useEffect(() => {
    if (!openWhenShown) return;
    const row = rowAt(selected);
    if (!row) return;
    setOpenWhenShown(false);
    setOpenId(row.id);
  }, [openWhenShown, pages, selected]);



  const targetOf = (accountId: string) => session?.accountSettings.find((a) => a.accountId === accountId)?.speedTargetMinutes ?? 5;
  const columns: Column[] =
    screen === 'abandoned'
      ? [
          { label: 'Customer', sort: 'customer', filter: 'customer', width: '14%' },
          { label: 'Account', sort: 'account', filter: 'account', width: '12.5%' },
          { label: 'Campaign', sort: 'campaign', filter: 'campaign', width: '11%' },
          { label: 'Queue', sort: 'queue', filter: 'queue', width: '9%' },
          { label: `Called (${zone.label})`, width: '12%' },
          { label: 'Age', sort: 'age', filter: 'age', width: '10%' },
          { label: 'Duration', sort: 'duration', filter: 'duration', width: '10%' },
          { label: 'Attempts', sort: 'attempts', width: '9.5%' },
          { label: 'Status', sort: 'status', filter: 'status', width: '12%' },
        ]
      : [
          // Customer is wide enough for a nameless caller's whole number, "(312) 555-1831", at 1280 px.
          { label: 'Customer', sort: 'customer', filter: 'customer', width: '12.5%' },
          { label: 'Account', sort: 'account', filter: 'account', width: '9.5%' },
          { label: 'Agent', sort: 'agent', filter: 'agent', width: '8%' },
          { label: 'Type', sort: 'type', filter: 'type', width: '8%' },
          { label: 'Reason', sort: 'reason', filter: 'reason', width: '9.5%' },
          { label: 'Notes', filter: 'notes', width: '8.5%' },
          { label: 'Score', sort: 'score', width: '8%' },
          { label: `Called (${zone.label})`, width: '9.5%' },
          { label: 'Age', sort: 'age', filter: 'age', width: '8.5%' },
          // The minutes the agent talked (the drawer's call line is the whole call, ring and queue too).
          { label: 'Talk time', sort: 'duration', width: '7%' },
          { label: 'Status', sort: 'status', filter: 'status', width: '11%' },
        ];

  async function setStatus(lead: Lead, to: FollowUpStatus) {
    try {
      // The desk announces the edit (leadsChanged): the list refreshes once, from that.
      await api.setLeadStatus({ leadId: lead.id, to });
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'Could not change the status.' });
    }
  }

  return (
    <section aria-label={FOLLOW_UP_KIND_LABELS[screen]}>
      <h2>{FOLLOW_UP_KIND_LABELS[screen]}</h2>
      {screen === 'second_chance' && <SclOffNotice />}
      <div className="tabs" role="tablist">
        {(['open', 'cold', 'done'] as const).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {TAB_LABELS[t]} {counts ? <span className="count">({counts[t]})</span> : ''}
          </button>
        ))}
      </div>
      {filterSet && <FilterBar filterSet={filterSet} choices={choices} onChange={updateFilters} />}
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      <div className="scroller" ref={scroller}>
        <table ref={table} tabIndex={0} onKeyDown={onKey} aria-label="Leads (arrow keys or j/k to move, Enter to open)" aria-rowcount={total} className="fit">
          <colgroup>
            {columns.map((c) => (
              <col key={c.label} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} aria-sort={c.sort && sort.column === c.sort ? (sort.direction === 'asc' ? 'ascending' : 'descending') : c.sort ? 'none' : undefined}>
                  <div className="th">
                    {c.sort ? (
                      <button className="sort" onClick={() => setSort((s) => ({ column: c.sort!, direction: s.column === c.sort && s.direction === 'asc' ? 'desc' : 'asc' }))}>
                        {c.label}
                        {sort.column === c.sort ? (
                          sort.direction === 'asc' ? <ArrowUp className="icon" aria-hidden="true" /> : <ArrowDown className="icon" aria-hidden="true" />
                        ) : null}
                      </button>
                    ) : (
                      <span>{c.label}</span>
                    )}
                    {c.filter && filterSet && <ColumnFilter column={c.filter} label={FILTER_LABELS[c.filter]} filterSet={filterSet} choices={choicesOnTab(choices, screen, tab, filterSet)} onChange={updateFilters} />}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {total === 0 && (
              <tr>
                <td colSpan={columns.length} className="empty">
                  {filterSet && hasFilters(filterSet) ? 'No leads match these filters.' : 'Nothing here right now.'}
                </td>
              </tr>
            )}
            <tr className="spacer" aria-hidden="true" style={{ height: items[0]?.start ?? 0 }} />
            {items.map(({ index: i }) => {
              const l = rowAt(i);
              if (!l) {
                return (
                  <tr key={`loading-${i}`} className="loading" style={{ height: ROW_HEIGHT }}>
                    <td colSpan={columns.length}>Loading…</td>
                  </tr>
                );
              }
              // Who called: their name, or their formatted number when they gave none.
              const who = formatCaller(l.customerName ?? l.phone);
              const nameless = who === formatPhone(l.phone);
              return (
              <tr
                key={l.id}
                className={[unsent(l) ? 'pending' : '', l.id === selectedId ? 'selected' : ''].join(' ').trim() || undefined}
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
                  {/* A caller with no name is their formatted number, whole: a US number fits the
                      column, a longer international one wraps between its groups (never cut). */}
                  <div className={nameless ? 'clamp' : 'line'} title={who}>
                    <bdi>{who}</bdi>
                  </div>
                  {nameless ? null : (
                    <div className="sub line" title={formatPhone(l.phone)}>
                      {formatPhone(l.phone)}
                    </div>
                  )}
                </td>
                <td>
                  <div className="clamp">{l.accountName}</div>
                </td>
                {screen === 'abandoned' ? (
                  <>
                    <td>{l.campaignName ?? '—'}</td>
                    <td>{l.queueName ?? '—'}</td>
                  </>
                ) : (
                  <>
                    <td>
                      <div className="clamp">{l.agentName ?? '—'}</div>
                    </td>
                    <td>
                      <div className="clamp">{l.callType ? CALL_TYPE_LABELS[l.callType] : '—'}</div>
                    </td>
                    <td>
                      <div className="clamp" title={l.reason ? UNBOOKED_REASON_LABELS[l.reason] : undefined}>
                        {l.reason ? UNBOOKED_REASON_LABELS[l.reason] : '—'}
                      </div>
                    </td>
                    <td className="notes-cell" title={l.notes || undefined}>
                      <div className="clamp">{l.notes || '—'}</div>
                    </td>
                    <td data-testid="lead-score">
                      {l.score ? (
                        <>
                          <strong>{l.score.score}</strong>
                          <div className="hint" title={reasonLine(l.score, true)}>
                            {reasonLine(l.score, true)}
                          </div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </>
                )}
                <td className="when-cell">{formatDateTime(l.endedAt, zone.timeZone)}</td>
                <td>
                  {formatAge(Date.parse(l.endedAt), now)}
                  {tab !== 'done' && pastSpeedTarget({ status: l.status, endedAtMs: Date.parse(l.endedAt) }, now, targetOf(l.accountId)) && (
                    <div className="past-target" data-testid="past-target">
                      Past {targetOf(l.accountId)} min target
                    </div>
                  )}
                </td>
                <td>{formatDuration(l.durationSeconds)}</td>
                {screen === 'abandoned' && (
                  <td data-testid="lead-attempts" className={l.attempts > 1 ? 'repeat' : undefined}>
                    {l.attempts}
                  </td>
                )}
                <td>
                  {/* A click on the status (or in its list, portaled but still inside this row's React tree) is not a click on the row. */}
                  <span className="row-control" onClick={(e) => e.stopPropagation()}>
                    <Select<FollowUpStatus>
                      compact
                      aria-label={`Status of ${l.customerName ?? formatPhone(l.phone)}`}
                      value={l.status}
                      onValueChange={(to) => void (to !== l.status && setStatus(l, to))}
                      options={[l.status, ...nextStatuses(l.kind, l.status, 'user')].map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                    />
                  </span>
                  {unsent(l) ? <span className="unsent"> (unsent)</span> : ''}
                  {/* Only where it says more than the status above it ("Dismissed: …"); "Resolved" twice read as a glitch. */}
                  {tab === 'done' && doneOutcome(l.status) && DONE_OUTCOME_LABELS[doneOutcome(l.status)!] !== STATUS_LABELS[l.status] && (
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
      {openId && <LeadDrawer leadId={openId} onClose={closeDrawer} />}
    </section>
  );
}
