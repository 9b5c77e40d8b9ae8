import { DateTime } from 'luxon';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, dispatchFeeText, type JobType, type Lead } from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from '../state/store';
import { Field } from '../ui/Field';
import { Select } from '../ui/Select';

/** `datetime-local` reads as a wall-clock time in the account's zone; the API takes instants. */
function toInstant(local: string, timeZone: string): string | null {
  const t = DateTime.fromISO(local, { zone: timeZone });
  return t.isValid ? t.toUTC().toISO() : null;
}

type Problems = Partial<Record<'start' | 'end' | 'customerName' | 'address' | 'form', string>>;

/** Book a job from a lead: the lead resolves as booked in the same step. */
export function BookJobForm({ lead, timeZone, zoneLabel, onDone }: { lead: Lead; timeZone: string; zoneLabel: string; onDone(): void }) {
  const toast = useDesk((s) => s.toast);
  const [types, setTypes] = useState<JobType[]>([]);
  const [jobTypeId, setJobTypeId] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [customerName, setCustomerName] = useState(lead.customerName ?? '');
  const [address, setAddress] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const nowLocal = DateTime.now().setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm");

  useEffect(() => {
    void api.listJobTypes({ accountId: lead.accountId }).then((t) => {
      setTypes(t);
      setJobTypeId((current) => current || t[0]?.id || '');
    });
  }, [lead.accountId]);

  const fee = types.find((t) => t.id === jobTypeId)?.dispatchFeeCents;

  function check(): { problems: Problems; windowStart: string; windowEnd: string } {
    const p: Problems = {};
    const windowStart = start ? toInstant(start, timeZone) : null;
    const windowEnd = end ? toInstant(end, timeZone) : null;
    if (!windowStart) p.start = 'Choose when the appointment window starts.';
    else if (Date.parse(windowStart) <= Date.now()) p.start = 'The appointment window must start in the future.';
    if (!windowEnd) p.end = 'Choose when the appointment window ends.';
    else if (windowStart && Date.parse(windowEnd) <= Date.parse(windowStart)) p.end = 'The appointment window must end after it starts.';
    if (!customerName.trim()) p.customerName = 'Enter the customer’s name.';
    if (!address.trim()) p.address = 'Enter the address of the job.';
    return { problems: p, windowStart: windowStart ?? '', windowEnd: windowEnd ?? '' };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const c = check();
    setProblems(c.problems);
    if (Object.keys(c.problems).length) return;
    try {
      await api.bookJob({ leadId: lead.id, jobTypeId, windowStart: c.windowStart, windowEnd: c.windowEnd, customerName, address });
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Job booked for ${customerName}; the lead is resolved.` });
      onDone();
    } catch (err) {
      setProblems({ form: err instanceof ApiError ? err.message : 'Could not book the job.' });
    }
  }

  return (
    <form className="book" onSubmit={submit} noValidate aria-label="Book a job">
      <Field label="Job type">
        <Select value={jobTypeId} onValueChange={setJobTypeId} options={types.map((t) => ({ value: t.id, label: t.name }))} required />
      </Field>
      {fee !== undefined && <p className="fee" data-testid="dispatch-fee">{dispatchFeeText(fee)}</p>}
      <Field label={`Window starts (${zoneLabel})`} error={problems.start}>
        <input type="datetime-local" aria-label="Window starts" min={nowLocal} value={start} onChange={(e) => { setStart(e.target.value); setProblems({ ...problems, start: undefined, form: undefined }); }} required />
      </Field>
      <Field label={`Window ends (${zoneLabel})`} error={problems.end}>
        <input type="datetime-local" aria-label="Window ends" min={start || nowLocal} value={end} onChange={(e) => { setEnd(e.target.value); setProblems({ ...problems, end: undefined, form: undefined }); }} required />
      </Field>
      <Field label="Customer name" error={problems.customerName}>
        <input aria-label="Customer name" maxLength={200} value={customerName} onChange={(e) => setCustomerName(e.target.value)} required />
      </Field>
      <Field label="Address" error={problems.address}>
        <input aria-label="Address" maxLength={400} value={address} onChange={(e) => setAddress(e.target.value)} required />
      </Field>
      {problems.form && (
        <p className="error" role="alert">
          {problems.form}
        </p>
      )}
      <div className="actions">
        <button className="primary" type="submit">
          Book job and resolve
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
