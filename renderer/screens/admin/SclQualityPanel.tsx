import { useState } from 'react';
import { ApiError, formatCaller, formatDateTime, formatPercent, plural, reasonLine, refitVerdict } from '../../../shared';
import { api } from '../../bridge/api';
import { useScreenZone } from '../../components/zone';
import { useDesk } from '../../state/store';
import { useAdminData } from './use-admin-data';

const pct = formatPercent;


/** How well the flagging does over the last 30 days, and how each refit of the model moved it. */
export function SclFlaggingQuality() {
  const { data, placeholder } = useAdminData(() => api.sclQuality({}), 'flagging figures');
  const zone = useScreenZone();
  if (!data) return placeholder;
  return (
    <section className="admin-card" aria-label="Flagging accuracy">
      <h3>Flagging accuracy</h3>
      <p className="hint">
        Model in use: version {data.modelVersion}. Precision: of flagged leads CSRs closed, how many were real opportunities. Recall: of the real
        opportunities known (flagged, or flagged by hand from the calls left out), how many the model flagged. Last 30 days.
      </p>
      <table className="quality" aria-label="Precision and recall per account">
        <thead>
          <tr>
            <th>Account</th>
            <th>Threshold</th>
            <th>Reviewed</th>
            <th>Flagged</th>
            <th>With outcome</th>
            <th>Precision</th>
            <th>Recall</th>
          </tr>
        </thead>
        <tbody>
          {data.accounts.map((a) => (
            <tr key={a.accountId} data-testid="scl-quality-row">
              <td>{a.accountName}</td>
              <td>{a.threshold}</td>
              <td>{a.reviewed}</td>
              <td>{a.flagged}</td>
              <td>{a.labelled}</td>
              <td data-testid="scl-precision">{pct(a.precision)}</td>
              <td data-testid="scl-recall">{pct(a.recall)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Refits</h4>
      {data.refits.length === 0 ? (
        <p className="hint">
          No refit yet. Every six hours the model is refitted from the flagged calls of every account whose leads CSRs closed, once there are about fifty;
          version {data.modelVersion} flags until then.
        </p>
      ) : (
        <table className="quality" aria-label="Refits of the model">
          <thead>
            <tr>
              <th>Version</th>
              <th>When ({zone.label})</th>
              <th>Learned from</th>
              <th>Held-out precision</th>
              <th>Held-out recall</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {data.refits.map((r) => (
              <tr key={r.version}>
                <td>v{r.version}</td>
                <td>{formatDateTime(r.at, zone.timeZone)}</td>
                <td>
                  {plural(r.trainCalls, 'call', 'calls')}; compared on {plural(r.heldOutCalls, 'other call', 'other calls')} held out
                </td>
                <td>
                  {pct(r.before.precision)} → {pct(r.after.precision)}
                </td>
                <td>
                  {pct(r.before.recall)} → {pct(r.after.recall)}
                </td>
                <td data-testid="refit-verdict">{refitVerdict(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Calls reviewed and left out (scored below the threshold), so a supervisor can check them and flag one after all. */
export function SclLeftOutCalls() {
  const toast = useDesk((s) => s.toast);
  const { data, reload, placeholder } = useAdminData(() => api.sclLeftOut({}), 'calls left out');
  const [busy, setBusy] = useState<string | null>(null);
  const zone = useScreenZone();
  if (!data) return placeholder;

  async function flag(callSid: string, customer: string) {
    setBusy(callSid);
    try {
      await api.flagLeftOutCall({ callSid });
      toast({ id: crypto.randomUUID(), kind: 'info', title: `${customer} is now a Second Chance Lead.` });
      await reload();
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'Could not flag the call.' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="admin-card" aria-label="Calls left out">
      <h3>Calls reviewed, not flagged</h3>
      {data.length === 0 ? (
        <p className="hint">No call was left out in the last 30 days.</p>
      ) : (
        <table className="quality">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Account</th>
              <th>Agent</th>
              <th>Score</th>
              <th>Why not</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.map((c) => (
              <tr key={c.callSid}>
                <td>
                  <bdi>{formatCaller(c.customer)}</bdi>
                  <div className="hint">
                    {formatDateTime(c.endedAt, zone.timeZone)} {zone.label}
                  </div>
                </td>
                <td>{c.accountName}</td>
                <td>{c.agentName ?? '—'}</td>
                <td>
                  {c.score} <span className="hint">/ {c.threshold}</span>
                </td>
                <td>{reasonLine({ score: c.score, reasons: c.reasons, modelVersion: c.modelVersion }, false)}</td>
                <td>
                  <button disabled={busy !== null} onClick={() => void flag(c.callSid, formatCaller(c.customer))}>
                    {busy === c.callSid ? 'Flagging…' : 'Flag as lead'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
