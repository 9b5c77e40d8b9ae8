import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, dispatchFeeText, type JobType, type Lead } from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from '../state/store';

/** `datetime-local` works in the desk's own time zone; the API takes instants. */
function toInstant(local: string): string {
  return new Date(local).toISOString();
}

/** Book a job from a lead: the lead resolves as booked in the same step. */
export function BookJobForm({ lead, onDone }: { lead: Lead; onDone(): void }) {
  const toast = useDesk((s) => s.toast);
  const [types, setTypes] = useState<JobType[]>([]);
  const [jobTypeId, setJobTypeId] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [customerName, setCustomerName] = useState(lead.customerName ?? '');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.listJobTypes({ accountId: lead.accountId }).then((t) => {
      setTypes(t);
      setJobTypeId((current) => current || t[0]?.id || '');
    });
  }, [lead.accountId]);

  const fee = types.find((t) => t.id === jobTypeId)?.dispatchFeeCents;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!start || !end || new Date(end) <= new Date(start)) {
      setError('The appointment window must end after it starts.');
      return;
    }
    try {
      await api.bookJob({ leadId: lead.id, jobTypeId, windowStart: toInstant(start), windowEnd: toInstant(end), customerName, address });
      useDesk.getState().changed();
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Job booked for ${customerName}; the lead is resolved.` });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not book the job.');
    }
  }

  return (
    <form className="book" onSubmit={submit} onChange={() => setError(null)} aria-label="Book a job">
      <label>
        Job type
        <select value={jobTypeId} onChange={(e) => setJobTypeId(e.target.value)} required>
          {types.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {fee !== undefined && <p className="fee" data-testid="dispatch-fee">{dispatchFeeText(fee)}</p>}
      <label>
        Window starts
        <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
      </label>
      <label>
        Window ends
        <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
      </label>
      <label>
        Customer name
        <input value={customerName} onChange={(e) => setCustomerName(e.target.value)} required />
      </label>
      <label>
        Address
        <input value={address} onChange={(e) => setAddress(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit">
        Book job and resolve
      </button>
    </form>
  );
}
