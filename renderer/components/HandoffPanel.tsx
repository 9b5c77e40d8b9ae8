import { formatCaller } from '../../shared';
import { usePhone } from '../state/phone';

/**
 * What the Voice Agent heard before it handed the caller to this CSR: why, and the conversation
 * so far. A panel of its own over the screen's lower left, where a 1280×800 window shows it whole
 * and wide enough to read beside an open lead; in the sidebar's softphone it sat 190 px wide
 * below the call controls and ran off the bottom of the window.
 */
export function HandoffPanel() {
  const handoff = usePhone((s) => s.view?.handoff ?? null);
  const controller = usePhone((s) => s.controller);
  if (!handoff || !controller) return null;
  return (
    <section className="handoff" role="region" aria-label="Handed off by the Voice Agent" data-testid="handoff">
      <strong>Handed off by the Voice Agent: {formatCaller(handoff.customer)}</strong>
      <p>Why: {handoff.reason}</p>
      {handoff.summary && <p data-testid="handoff-summary">What the agent gathered: {handoff.summary}</p>}
      <details open>
        <summary>Conversation so far</summary>
        <pre className="transcript">{handoff.transcript || 'Nothing was said yet.'}</pre>
      </details>
      <button onClick={() => controller.dismissHandoff()}>Close</button>
    </section>
  );
}
