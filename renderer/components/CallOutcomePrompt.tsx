import { useEffect } from 'react';
import { ApiError } from '../../shared';
import { usePhone } from '../state/phone';
import { useDesk } from '../state/store';

const OUTCOME_LABELS = { answered: 'Answered', no_answer: 'No answer', busy: 'Busy', failed: 'Failed', canceled: 'Hung up before an answer' } as const;

/** After a callback: what happened, and one key to record a voicemail left. */
export function CallOutcomePrompt() {
  const ended = usePhone((s) => s.view?.afterCallback ?? null);
  const controller = usePhone((s) => s.controller);
  const toast = useDesk((s) => s.toast);

  const voicemail = () =>
    void controller?.leftVoicemail().then(
      () => useDesk.getState().changed(),
      (err) => toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'That did not work.' }),
    );

  useEffect(() => {
    if (!ended) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'v') voicemail();
      else if (e.key === 'Escape') controller?.dismissAfterCallback();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  if (!ended || !controller) return null;
  return (
    <div className="prompt" role="dialog" aria-label="Call ended">
      <p data-testid="call-outcome">
        Call to {ended.customer} ended: <strong>{OUTCOME_LABELS[ended.outcome]}</strong>
        {ended.outcome === 'answered' ? ` · ${ended.durationSeconds} s` : ''}
      </p>
      <div className="actions">
        <button onClick={voicemail} aria-keyshortcuts="v">
          Left a voicemail → Follow-up Needed <kbd aria-hidden="true">v</kbd>
        </button>
        <button onClick={() => controller.dismissAfterCallback()} aria-keyshortcuts="Escape">
          Done <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
    </div>
  );
}
