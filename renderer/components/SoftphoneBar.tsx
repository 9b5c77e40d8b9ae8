import { Mic, MicOff, Phone, PhoneIncoming, PhoneOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { formatCaller, formatDuration, formatPhone } from '../../shared';
import { usePhone } from '../state/phone';
import { typingInField } from './format';
import { useTicker } from './useTicker';

const PHASE_LABELS = { connecting: 'Calling', ringing: 'Ringing', open: 'On call with', reconnecting: 'Reconnecting to' } as const;


/** The call in progress, callers waiting to be taken, and the phone's errors; always on screen. */
export function SoftphoneBar() {
  const view = usePhone((s) => s.view);
  const controller = usePhone((s) => s.controller);
  const now = useTicker();
  const [digits, setDigits] = useState('');

  // h hangs up, m mutes, a answers the caller waiting longest.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInField() || e.ctrlKey || e.metaKey || e.altKey || !controller) return;
      if (e.key === 'h' && view?.call) controller.hangUp();
      else if (e.key === 'm' && view?.call) controller.setMuted(!view.call.muted);
      else if (e.key === 'a' && !view?.call && view?.offers[0]) void controller.take(view.offers[0]);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller, view]);

  if (!view || !controller) return null;
  const { call, offers, error, handoff } = view;
  return (
    <section className="softphone" aria-label="Softphone">
      {view.mode === 'simulated' && <span className="badge">Simulated calls</span>}
      {call ? (
        <div className="call" data-testid="call-status" role="status">
          <strong>
            {PHASE_LABELS[call.phase]} {formatCaller(call.customer)}
          </strong>
          {call.answeredAt ? <span> · {formatDuration((now - call.answeredAt) / 1000)}</span> : call.phase === 'ringing' ? <span> · ringing…</span> : null}
          {call.muted && <span> · muted</span>}
          <button onClick={() => controller.setMuted(!call.muted)} aria-pressed={call.muted} aria-keyshortcuts="m" title="Shortcut: m">
            {call.muted ? <MicOff className="icon" aria-hidden="true" /> : <Mic className="icon" aria-hidden="true" />}
            {call.muted ? 'Unmute' : 'Mute'}
          </button>
          <form
            className="keypad"
            onSubmit={(e) => {
              e.preventDefault();
              controller.sendDigits(digits);
              setDigits('');
            }}
          >
            <input aria-label="Keypad tones" value={digits} onChange={(e) => setDigits(e.target.value)} placeholder="0-9 * #" size={6} />
          </form>
          <button className="danger" onClick={() => controller.hangUp()} aria-keyshortcuts="h" title="Shortcut: h">
            <PhoneOff className="icon" aria-hidden="true" />
            Hang up
          </button>
        </div>
      ) : (
        <span className="idle">
          <Phone className="icon" aria-hidden="true" />
          {view.ready ? 'Phone ready' : 'Phone starting…'}
        </span>
      )}
      {offers.length > 0 && (
        <ul className="offers" aria-label="Callers waiting">
          {offers.map((o, i) => (
            <li key={o.callSid} data-testid="offer">
              <span>
                <strong>{o.callerName ?? formatPhone(o.from)}</strong> · {o.queueName ?? 'Queue'} · waiting {formatDuration((now - Date.parse(o.since)) / 1000)}
              </span>
              {o.handoff && <span className="badge" title={o.handoff.reason}>From the Voice Agent</span>}
              {o.reservedUntil && Date.parse(o.reservedUntil) > now && (
                <span className="badge" data-testid="offer-reserved">
                  Calling back after your voicemail: yours alone for {Math.ceil((Date.parse(o.reservedUntil) - now) / 1000)} s
                </span>
              )}
              <button className="primary" disabled={Boolean(call)} onClick={() => void controller.take(o)} aria-keyshortcuts={i === 0 ? 'a' : undefined}>
                <PhoneIncoming className="icon" aria-hidden="true" />
                Answer{i === 0 ? ' (a)' : ''}
              </button>
              {o.handoff && <div className="hint">Why: {o.handoff.reason}</div>}
            </li>
          ))}
        </ul>
      )}
      {handoff && (
        <div className="handoff" role="region" aria-label="Handed off by the Voice Agent" data-testid="handoff">
          <strong>Handed off by the Voice Agent: {formatCaller(handoff.customer)}</strong>
          <p>Why: {handoff.reason}</p>
          <details open>
            <summary>Conversation so far</summary>
            <pre className="transcript">{handoff.transcript || 'Nothing was said yet.'}</pre>
          </details>
          <button onClick={() => controller.dismissHandoff()}>Close</button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
