import { CalendarPlus, Voicemail } from 'lucide-react';
import { useEffect } from 'react';
import { afterCallAllows, ApiError, formatCaller, formatDuration, formatPhone } from '../../shared';
import { usePhone } from '../state/phone';
import { useDesk } from '../state/store';
import { ModalDialog } from '../ui/Dialog';

const OUTCOME_LABELS = { answered: 'Answered', no_answer: 'No answer', busy: 'Busy', failed: 'Failed', canceled: 'Hung up before an answer' } as const;

/**
 * After a callback: what happened, and one key for what comes next, among what the call's result
 * makes possible (shared `afterCallAllows`): a voicemail left (v), or, when the customer answered,
 * booking the job (b), which opens the lead's booking form. A busy line or no answer offers neither.
 */
export function CallOutcomePrompt() {
  const ended = usePhone((s) => s.view?.afterCallback ?? null);
  const controller = usePhone((s) => s.controller);
  const toast = useDesk((s) => s.toast);
  const bookFor = useDesk((s) => s.bookFor);

  const voicemail = () =>
    // The status edit announces itself (leadsChanged): no refresh of our own.
    void controller?.leftVoicemail().catch(
      (err) => toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'That did not work.' }),
    );
  const book = () => {
    if (!ended?.leadId) return;
    bookFor(ended.leadId);
    controller?.dismissAfterCallback();
  };

  useEffect(() => {
    if (!ended) return;
    const onKey = (e: KeyboardEvent) => {
      // Only the choices the call's result makes possible (a busy line takes no voicemail).
      if (e.key === 'v' && afterCallAllows(ended.outcome, 'voicemail')) voicemail();
      else if (e.key === 'b' && afterCallAllows(ended.outcome, 'book') && ended.leadId) book();
      else if (e.key === 'Escape') controller?.dismissAfterCallback();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  if (!ended || !controller) return null;
  const answered = ended.outcome === 'answered';
  const bookable = afterCallAllows(ended.outcome, 'book') && Boolean(ended.leadId);
  const voicemailPossible = afterCallAllows(ended.outcome, 'voicemail');
  // The account's voicemail plan names the number to leave; else the one the customer saw.
  const leaveNumber = (ended.leadId ? controller.callbackNumber(ended.leadId) : null) ?? ended.callerId;
  return (
    <ModalDialog title="Call ended" onClose={() => controller.dismissAfterCallback()}>
      <p data-testid="call-outcome">
        Call to {formatCaller(ended.customer)} ended: <strong>{OUTCOME_LABELS[ended.outcome]}</strong>
        {answered ? ` · ${formatDuration(ended.durationSeconds)}` : ''}
      </p>
      {!answered && (
        // A busy line or no answer leaves nothing to record: say so, and what became of the lead.
        <p className="hint" data-testid="call-next">
          Nothing to record: the attempt is on the lead, which stays open for another try.
        </p>
      )}
      {voicemailPossible && leaveNumber && (
        <p className="hint" data-testid="callback-number">
          For a voicemail, leave the callback number {formatPhone(leaveNumber)}.
        </p>
      )}
      <div className="actions">
        {bookable && (
          <button className="primary" onClick={book} aria-keyshortcuts="b">
            <CalendarPlus className="icon" aria-hidden="true" />
            Book a job <kbd aria-hidden="true">b</kbd>
          </button>
        )}
        {voicemailPossible && (
          <button onClick={voicemail} aria-keyshortcuts="v">
            <Voicemail className="icon" aria-hidden="true" />
            Left a voicemail → Follow-up Needed <kbd aria-hidden="true">v</kbd>
          </button>
        )}
        <button onClick={() => controller.dismissAfterCallback()} aria-keyshortcuts="Escape">
          Done <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
    </ModalDialog>
  );
}
