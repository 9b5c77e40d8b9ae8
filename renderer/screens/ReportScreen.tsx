import { ArrowDown, ArrowUp, Download } from 'lucide-react';
import { useState } from 'react';
import {
  ApiError,
  formatDate,
  formatSpeedToLead,
  formatPercent,
  plural,
  zoneName,
  REPORT_COLUMNS,
  REPORT_DATE_TYPE_LABELS,
  REPORT_DATE_TYPES,
  REPORT_PRESET_LABELS,
  REPORT_PRESETS,
  reportCells,
  type ReportPreset,
  type ReportRequest,
  type ReportResponse,
} from '../../shared';
import { api } from '../bridge/api';
import { CampaignChart } from '../components/CampaignChart';
import { useDesk } from '../state/store';
import { useDeskQuery } from '../state/use-desk-query';
import { Select } from '../ui/Select';

const PAGE = 100;
type SortColumn = NonNullable<ReportRequest['sort']>['column'];
/**
 * How the calls share a 1280 px window without scrolling sideways: fixed widths, the call id cut
 * short on one line, names, campaigns and numbers from abroad on up to two; whatever is cut shows
 * whole in its tooltip.
 */
const COLUMN_FIT: Record<(typeof REPORT_COLUMNS)[number], { width: string; cell: 'line' | 'clamp' | 'plain' }> = {
  ID: { width: '13%', cell: 'line' },
  'Call Date': { width: '10.5%', cell: 'plain' },
  'Call Time': { width: '10%', cell: 'plain' },
  'Call Type': { width: '10%', cell: 'clamp' },
  Direction: { width: '8.5%', cell: 'plain' },
  Name: { width: '11%', cell: 'clamp' },
  'Call Campaign': { width: '11%', cell: 'clamp' },
  'Caller Phone Number': { width: '12%', cell: 'clamp' }, // a number from abroad wraps between its groups
  'Customer Name': { width: '14%', cell: 'clamp' },
};

const SORTABLE: Record<string, SortColumn> = {
  'Call Date': 'callDate',
  'Call Type': 'callType',
  Direction: 'direction',
  Name: 'name',
  'Call Campaign': 'campaign',
  'Caller Phone Number': 'phone',
  'Customer Name': 'customer',
};

function rangeText(r: ReportResponse['range']): string {
  const lastDay = new Date(Date.parse(r.end) - 1);
  return `${formatDate(r.start, r.timeZone)} – ${formatDate(lastDay, r.timeZone)} · times in ${zoneName(r.timeZone, r.start)} (${r.timeZone})`;
}

/** The Unbooked and Abandoned Calls report: presets, filters, campaign comparison, rows, CSV. */
export function ReportScreen() {
  const session = useDesk((s) => s.session)!;
  const toast = useDesk((s) => s.toast);
  const [preset, setPreset] = useState<ReportPreset>('this_month');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [dateType, setDateType] = useState<(typeof REPORT_DATE_TYPES)[number]>('call');
  const [accountId, setAccountId] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [sort, setSort] = useState<{ column: SortColumn; direction: 'asc' | 'desc' }>({ column: 'callDate', direction: 'desc' });
  const [offset, setOffset] = useState(0);
  const [exporting, setExporting] = useState(false);

  const customReady = preset !== 'custom' || (from && to);
  const request: ReportRequest = {
    preset,
    ...(preset === 'custom' ? { from, to } : {}),
    dateType,
    ...(accountId ? { accountId } : {}),
    ...(campaignId ? { campaignId } : {}),
    sort,
    offset,
    limit: PAGE,
  };
  const key = JSON.stringify(request);

  // Never show one question's figures under another: until the new answer comes, none.
  const report = useDeskQuery<ReportResponse>(customReady ? () => api.runReport(request) : null, { key, failure: 'The report could not be loaded.' });
  const { data, loading, error } = report;

  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setOffset(0);
  };

  async function exportCsv() {
    setExporting(true);
    try {
      const { offset: _o, limit: _l, ...all } = request;
      const out = await api.exportReport(all);
      if (out.downloadPath) {
        const a = document.createElement('a');
        a.href = out.downloadPath;
        a.download = out.fileName;
        a.click();
      }
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Exported ${out.fileName} (${Math.round(out.bytes / 1024)} KB)${out.downloadPath ? '' : ` to ${out.savedTo}`}` });
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'The export failed.' });
    } finally {
      setExporting(false);
    }
  }

  const campaigns = (data?.campaignOptions ?? []).filter((c) => !accountId || c.accountId === accountId);
  const zone = data?.range.timeZone ?? 'UTC';

  return (
    <section aria-label="Unbooked and Abandoned Calls report" className="report">
      <div className="topline">
        <h2>Unbooked and Abandoned Calls</h2>
        <button onClick={() => void exportCsv()} disabled={exporting || !data} aria-busy={exporting}>
          <Download className="icon" aria-hidden="true" />
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>

      <div className="presets" role="group" aria-label="Date range">
        {REPORT_PRESETS.map((p) => (
          <button key={p} aria-pressed={preset === p} onClick={() => change(setPreset)(p)}>
            {REPORT_PRESET_LABELS[p]}
          </button>
        ))}
      </div>
      <div className="filters">
        {preset === 'custom' && (
          <>
            <label>
              From <input type="date" aria-label="From" value={from} max={to || undefined} onChange={(e) => change(setFrom)(e.target.value)} />
            </label>
            <label>
              To <input type="date" aria-label="To" value={to} min={from || undefined} aria-invalid={Boolean(from && to && to < from) || undefined} onChange={(e) => change(setTo)(e.target.value)} />
            </label>
          </>
        )}
        <Select<typeof dateType> aria-label="Date type" value={dateType} onValueChange={change(setDateType)} options={REPORT_DATE_TYPES.map((d) => ({ value: d, label: REPORT_DATE_TYPE_LABELS[d] }))} />
        <Select
          aria-label="Account"
          value={accountId}
          onValueChange={(v) => { change(setAccountId)(v); setCampaignId(''); }}
          options={[{ value: '', label: 'All accounts' }, ...session.accounts.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <Select aria-label="Campaign" value={campaignId} onValueChange={change(setCampaignId)} options={[{ value: '', label: 'All campaigns' }, ...campaigns.map((c) => ({ value: c.id, label: c.name }))]} />
        {loading && (
          <span role="progressbar" aria-label="Loading the report" className="hint">
            Loading…
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!customReady && <p className="hint">Choose a From and a To date for the custom range.</p>}
      {data && (
        <>
          <p className="hint" data-testid="report-range">
            {data.range.label}: {rangeText(data.range)} · {plural(data.total, 'call', 'calls')}
          </p>
          <h3>Campaign comparison</h3>
          <CampaignChart campaigns={data.campaigns} />
          <table aria-label="Campaign comparison">
            <thead>
              <tr>
                <th>Campaign</th>
                <th>Abandoned</th>
                <th>Unbooked</th>
                <th>Recovered (job booked)</th>
                <th>Resolved without job</th>
                <th>Dismissed</th>
                <th>Recovery rate</th>
                <th>Median speed-to-lead</th>
              </tr>
            </thead>
            <tbody>
              {data.campaigns.map((c) => (
                <tr key={c.campaignId ?? 'none'} data-testid="campaign-row">
                  <td>{c.campaign}</td>
                  <td>{c.abandoned}</td>
                  <td>{c.unbooked}</td>
                  <td>{c.recovered}</td>
                  <td data-testid="resolved-without-job">{c.resolvedWithoutJob}</td>
                  <td>{c.dismissed}</td>
                  <td>{formatPercent(c.recoveryRate)}</td>
                  <td data-testid="campaign-speed">{formatSpeedToLead(c.medianSpeedToLeadSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>Calls</h3>
          <table aria-label="Report calls" className="fit report-calls">
            <colgroup>
              {REPORT_COLUMNS.map((c) => (
                <col key={c} style={{ width: COLUMN_FIT[c].width }} />
              ))}
            </colgroup>
            <thead>
              <tr>
                {REPORT_COLUMNS.map((c) => {
                  const col = SORTABLE[c];
                  const active = col && sort.column === col;
                  return (
                    <th key={c} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                      {col ? (
                        <button
                          className="sort"
                          onClick={() => change(setSort)({ column: col, direction: active && sort.direction === 'desc' ? 'asc' : 'desc' })}
                        >
                          {c}
                          {active ? sort.direction === 'asc' ? <ArrowUp className="icon" aria-hidden="true" /> : <ArrowDown className="icon" aria-hidden="true" /> : null}
                        </button>
                      ) : (
                        c
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => {
                const cells = reportCells(r, zone);
                return (
                  <tr key={r.id} data-testid="report-row">
                    {cells.map((cell, i) => {
                      const fit = COLUMN_FIT[REPORT_COLUMNS[i]!].cell;
                      return <td key={i}>{fit === 'plain' || !cell ? cell : <div className={fit} title={cell}>{cell}</div>}</td>;
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="pager">
            <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </button>
            <span>
              {data.total === 0 ? 'No calls' : data.total === 1 ? '1 call' : `${(offset + 1).toLocaleString('en-US')}–${Math.min(offset + PAGE, data.total).toLocaleString('en-US')} of ${plural(data.total, 'call', 'calls')}`}
            </span>
            <button disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
