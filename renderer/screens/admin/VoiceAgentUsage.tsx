import { useEffect, useState } from 'react';
import { ApiError, formatCalendarDay, type VoiceAgentUsageRow } from '../../../shared';
import { api } from '../../bridge/api';
import { useDeskQuery } from '../../state/use-desk-query';

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * The Voice Agent's usage meter: sessions, connected time and billed minutes per account and
 * day (the meter runs from the moment the agent connects, whatever the outcome), with CSV export.
 */
export function VoiceAgentUsage() {
  const today = new Date();
  const [from, setFrom] = useState(day(new Date(today.getFullYear(), today.getMonth(), 1)));
  const [to, setTo] = useState(day(today));
  const usage = useDeskQuery<VoiceAgentUsageRow[]>(() => api.voiceAgentUsage({ from, to }), { key: [from, to], failure: 'Usage could not be read.' });
  const rows = usage.data;
  // A failed export says why here too, until the meter is read again.
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  useEffect(() => setExportProblem(null), [usage.data]);
  const problem = usage.error ?? exportProblem;
  const [busy, setBusy] = useState(false);

  async function exportCsv() {
    setBusy(true);
    try {
      const file = await api.exportVoiceAgentUsage({ from, to });
      const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setExportProblem(err instanceof ApiError ? err.message : 'The export failed.');
    } finally {
      setBusy(false);
    }
  }

  const total = (rows ?? []).reduce((s, r) => ({ sessions: s.sessions + r.sessions, seconds: s.seconds + r.connectedSeconds, billed: s.billed + r.billedMinutes }), { sessions: 0, seconds: 0, billed: 0 });
  return (
    <section className="admin-card" aria-label="Voice Agent usage">
      <h3>Usage</h3>
      <p className="hint">Billing counts every session from the moment the Voice Agent connects, whatever the outcome, rounded up to the whole minute.</p>
      <div className="actions">
        <label>
          From <input type="date" aria-label="Usage from" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" aria-label="Usage to" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
        <button type="button" disabled={busy || !rows?.length} onClick={() => void exportCsv()}>
          {busy ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      {problem && <p className="error" role="alert">{problem}</p>}
      {!rows && !problem && <p className="hint">Reading the meter…</p>}
      {rows && rows.length === 0 && <p className="empty">No Voice Agent sessions in this range.</p>}
      {rows && rows.length > 0 && (
        <table aria-label="Voice Agent usage by day">
          <thead>
            <tr>
              <th>Day</th>
              <th>Account</th>
              <th>Sessions</th>
              <th>Connected</th>
              <th>Billed minutes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.accountId}|${r.day}`} data-testid="usage-row">
                <td>{formatCalendarDay(r.day)}</td>
                <td>{r.accountName}</td>
                <td>{r.sessions}</td>
                <td>{Math.floor(r.connectedSeconds / 60)} min {r.connectedSeconds % 60} s</td>
                <td>{r.billedMinutes}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2}>Total</td>
              <td data-testid="usage-total-sessions">{total.sessions}</td>
              <td>{Math.floor(total.seconds / 60)} min {total.seconds % 60} s</td>
              <td>{total.billed}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
