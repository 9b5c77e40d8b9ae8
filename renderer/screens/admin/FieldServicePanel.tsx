import { useState } from 'react';
import { ApiError, formatDateTime, type ApiResponse } from '../../../shared';
import { api } from '../../bridge/api';
import { useDesk } from '../../state/store';
import { useScreenZone } from '../../components/zone';
import { useConfirm } from '../../ui/use-confirm';
import { useAdminData } from './use-admin-data';

type Issued = ApiResponse<'issueFieldServiceKey'>;

/**
 * The field-service system reports each job completed or cancelled (the report's Job Completion
 * Date); it signs in with its account's key, issued here. A key is shown once; issuing a new one
 * stops the old one at once.
 */
export function FieldServicePanel() {
  const { data: keys, reload, placeholder } = useAdminData(() => api.fieldServiceKeys({}), 'field-service keys');
  const toast = useDesk((s) => s.toast);
  const zone = useScreenZone();
  const [issued, setIssued] = useState<Issued | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { dialog, confirm } = useConfirm();
  if (!keys) return placeholder;

  async function issue(accountId: string, accountName: string, rotating: boolean) {
    const go =
      !rotating ||
      (await confirm({ title: `Rotate the key of ${accountName}?`, body: 'The field-service system’s current key stops working at once, until it is given the new one.', confirm: 'Rotate key' }));
    if (!go) return;
    setBusy(accountId);
    try {
      setIssued(await api.issueFieldServiceKey({ accountId }));
      await reload();
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'The key could not be issued.' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="admin-panel">
      {dialog}
      <p className="hint">
        Your field-service system reports each job Rebound booked as completed or cancelled with{' '}
        <code>POST /api/field-service/jobs/&lt;job id&gt;/completion</code>, body <code>{'{"status": "completed"}'}</code> (or <code>"cancelled"</code>,
        optionally <code>"at"</code>), header <code>Authorization: Bearer &lt;key&gt;</code>. The report's Job Completion Date is that completion.
      </p>
      {issued && (
        <section className="admin-card" role="region" aria-label={`New key of ${issued.accountName}`}>
          <h3>New key of {issued.accountName}</h3>
          <p>Copy it into the field-service system now: it is not shown again.</p>
          <input readOnly aria-label="Field-service key" value={issued.key} onFocus={(e) => e.currentTarget.select()} size={60} />
          <button type="button" onClick={() => setIssued(null)}>
            Done
          </button>
        </section>
      )}
      <table aria-label="Field-service keys">
        <thead>
          <tr>
            <th>Account</th>
            <th>Key</th>
            <th>Issued ({zone.label})</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.accountId} aria-label={`Field-service key of ${k.accountName}`}>
              <td>{k.accountName}</td>
              <td>{k.hint ? `rbfs_…${k.hint}` : 'None yet'}</td>
              <td>{k.issuedAt ? formatDateTime(k.issuedAt, zone.timeZone) : '—'}</td>
              <td>
                <button type="button" disabled={busy === k.accountId} onClick={() => void issue(k.accountId, k.accountName, k.hint !== null)}>
                  {busy === k.accountId ? 'Issuing…' : k.hint ? 'Rotate key' : 'Issue key'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
