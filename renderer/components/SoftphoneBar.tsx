import { Mic, MicOff, Phone, PhoneIncoming, PhoneOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { formatCaller, formatDuration, formatPhone, joinParts } from '../../shared';
import { usePhone } from '../state/phone';
import { typingInField } from './format';
import { useTicker } from './useTicker';

const PHASE_LABELS = { connecting: 'Calling', ringing: 'Ringing', open: 'On call with', reconnecting: 'Reconnecting to' } as const;
/** The phase when the call names nobody (a caller with no name and no number). */
const PHASE_ALONE = { connecting: 'Calling', ringing: 'Ringing', open: 'On call', reconnecting: 'Reconnecting' } as const;
/** A caller the agent answered is not being called: while the carrier bridges them, say so. */
const INBOUND_CONNECTING = { who: 'Connecting to', alone: 'Connecting' } as const;


/** The call in progress, callers waiting to be taken, and the phone's errors; always on screen (a hand-off's transcript shows in HandoffPanel). */
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
  const { call, offers, error } = view;
  return (
    <section className="softphone" aria-label="Softphone">
      {view.mode === 'simulated' && <span className="badge">Simulated calls</span>}
      {call ? (
        <div className="call" data-testid="call-status" role="status">
          <CallLine
            who={formatCaller(call.customer)}
            phase={call.phase}
            inbound={call.direction === 'inbound'}
            rest={joinParts(call.answeredAt ? formatDuration((now - call.answeredAt) / 1000) : call.phase === 'ringing' ? 'ringing…' : null, call.muted && 'muted')}
          />
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
        // A heading, so a newcomer knows what the cards are: callers in this desk's queues, waiting now.
        <h3 className="offers-title" data-testid="offers-title">
          Callers waiting ({offers.length})
        </h3>
      )}
      {offers.length > 0 && (
        <ul className="offers" aria-label="Callers waiting">
          {offers.map((o, i) => (
            <li key={o.callSid} data-testid="offer">
              <Line who={o.callerName || formatPhone(o.from)} rest={joinParts(o.queueName, `waiting ${formatDuration((now - Date.parse(o.since)) / 1000)}`)} />
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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Who (in bold) and the rest of the line, with a separator only between parts that are there. */
function Line({ who, rest }: { who: string; rest: string }) {
  return (
    <span>
      {who && <strong>{who}</strong>}
      {who && rest ? ' · ' : null}
      {rest}
    </span>
  );
}

/** The call in progress: its phase and who, then how long or ringing, and muted. */
function CallLine({ who, phase, inbound, rest }: { who: string; phase: keyof typeof PHASE_LABELS; inbound: boolean; rest: string }) {
  const answering = inbound && phase === 'connecting';
  const label = who ? `${answering ? INBOUND_CONNECTING.who : PHASE_LABELS[phase]} ${who}` : answering ? INBOUND_CONNECTING.alone : PHASE_ALONE[phase];
  return (
    <span>
      <strong>{label}</strong>
      {rest && ` · ${rest}`}
    </span>
  );
}
