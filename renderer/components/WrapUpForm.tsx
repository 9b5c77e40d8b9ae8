import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, formatCaller, formatDuration, UNBOOKED_REASON_LABELS, UNBOOKED_REASONS, type UnbookedReason } from '../../shared';
import { ModalDialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { Select } from '../ui/Select';
import type { CallController, WrapUp } from '../softphone/call-controller';
import { usePhone } from '../state/phone';
import { useDesk } from '../state/store';
import { secondsLeft } from './countdown';
import { useTicker } from './useTicker';

type Outcome = 'booked' | 'not_booked' | 'not_a_lead' | 'excused';
const OUTCOMES: [Outcome, string][] = [
  ['booked', 'Booked'],
  ['not_booked', 'Not booked'],
  ['not_a_lead', 'Not a lead'],
  ['excused', 'Excused'],
];

/**
 * After-call work for a taken caller, against the account's After Call Work Time. A call left
 * unclassified when the time runs out goes to the Second Chance Leads rule, as the workflow says.
 */
export function WrapUpForm() {
  const wrapUp = usePhone((s) => s.view?.wrapUp ?? null);
  const controller = usePhone((s) => s.controller);
  // One form per call: it starts empty, and its clock is read afresh as the call's wrap-up begins.
  return wrapUp && controller ? <WrapUpDialog key={wrapUp.callSid} wrapUp={wrapUp} controller={controller} /> : null;
}

function WrapUpDialog({ wrapUp, controller }: { wrapUp: WrapUp; controller: CallController }) {
  const toast = useDesk((s) => s.toast);
  const now = useTicker(250);
  const [outcome, setOutcome] = useState<Outcome>('not_booked');
  const [reason, setReason] = useState<UnbookedReason | ''>('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const left = secondsLeft(wrapUp, now);

  useEffect(() => {
    if (left <= 0) {
      controller.dismissWrapUp();
      toast({ id: crypto.randomUUID(), kind: 'notice', title: `After-call work time is over: the call with ${formatCaller(wrapUp.customer)} goes to Second Chance Leads.` });
    }
  }, [wrapUp, left, controller, toast]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (outcome === 'not_booked' && !reason) return setError('Choose why the call did not book.');
    try {
      await controller.submitWrapUp({ outcome, ...(outcome === 'not_booked' && reason ? { reason } : {}), ...(notes.trim() ? { notes } : {}) });
      setReason('');
      setNotes('');
      setError(null);
      toast({ id: crypto.randomUUID(), kind: 'info', title: 'Call classified.' });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Saving the classification failed.');
    }
  }

  return (
    <ModalDialog title="Wrap up the call" as="form" onSubmit={(e) => void submit(e)} onClose={() => {}} dismissable={false}>
      <p>
        Call with <strong>{formatCaller(wrapUp.customer)}</strong> ·{' '}
        <span className="countdown" data-testid="acw-countdown" role="timer" aria-label="After-call work left">
          {formatDuration(left)}
        </span>{' '}
        of after-call work left
      </p>
      <fieldset>
        <legend>Outcome</legend>
        {OUTCOMES.map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="outcome" value={value} checked={outcome === value} onChange={() => { setOutcome(value); setError(null); }} /> {label}
          </label>
        ))}
      </fieldset>
      {outcome === 'not_booked' && (
        <Field label="Reason" error={error}>
          <Select<UnbookedReason | ''>
            value={reason}
            onValueChange={(r) => { setReason(r); setError(null); }}
            options={UNBOOKED_REASONS.map((r) => ({ value: r, label: UNBOOKED_REASON_LABELS[r] }))}
            placeholder="Choose…"
          />
        </Field>
      )}
      <Field label="Notes">
        <textarea aria-label="Call notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      {error && outcome !== 'not_booked' && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button className="primary" type="submit">
          Save classification
        </button>
        <button type="button" onClick={() => controller.dismissWrapUp()}>
          Leave unclassified
        </button>
      </div>
    </ModalDialog>
  );
}
