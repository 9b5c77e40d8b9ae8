import { useEffect, useState } from 'react';
import { formatClock, formatDuration, formatPhone, reportRange, VOICE_AGENT_OUTCOME_LABELS, type ApiResponse, type VoiceAgentSession } from '../../shared';
import { api } from '../bridge/api';
import { useDeskQuery } from '../state/use-desk-query';
import type { ScreenZone } from './zone';

type Activity = ApiResponse<'voiceAgentActivity'>;

const callerOf = (s: VoiceAgentSession) => s.customerName ?? (s.from ? formatPhone(s.from) : null);

/**
 * Supervisors' view of the Voice Agent: a live tile per account (in conversation now; handled,
 * booked, handed off, hung up, and booked visits moved or cancelled today) and today's sessions, each opening its transcript.
 * It asks every few seconds, since conversations move faster than leads.
 */
export function VoiceAgentBoard({ wall, zone }: { wall: boolean; zone: ScreenZone }) {
  const [open, setOpen] = useState<string | null>(null);
  // "Today" is the screen zone's day, as the queue tiles and the report count it.
  const activity = useDeskQuery<Activity>(
    () => api.voiceAgentActivity({ dayStart: reportRange({ preset: 'today' }, new Date(), zone.timeZone).start.toISOString() }),
    { key: zone.timeZone, everyMs: 3000, keepWhileAsking: true, failure: 'The Voice Agent’s day could not be read.' },
  );
  const data = activity.data;
  const problem = activity.error;

  const time = (iso: string) => formatClock(iso, zone.timeZone);

  const selected = data?.sessions.find((s) => s.callSid === open) ?? null;
  return (
    <section aria-label="Voice Agent" className="voice-agent-board">
      <h2>Voice Agent</h2>
      {problem && <p className="error">{problem}</p>}
      {!data && !problem && <p className="hint">Loading the Voice Agent’s day…</p>}
      <div className="tiles va-tiles">
        {data?.tiles.map((t) => (
          <article key={t.accountId} className="tile" data-testid="voice-agent-tile" aria-label={`Voice Agent ${t.accountName}`}>
            <header>
              <strong>{t.accountName}</strong>
              <span>Voice Agent · today</span>
            </header>
            <dl>
              <div className={t.inConversation > 0 ? 'big' : undefined}>
                <dt>In conversation now</dt>
                <dd data-testid="va-live">{t.inConversation}</dd>
              </div>
              <div>
                <dt>Handled</dt>
                <dd data-testid="va-handled">{t.handled}</dd>
              </div>
              <div>
                <dt>Booked</dt>
                <dd data-testid="va-booked">{t.booked}</dd>
              </div>
              <div>
                <dt>Handed off</dt>
                <dd data-testid="va-handed-off">{t.handedOff}</dd>
              </div>
              <div>
                <dt>Hung up</dt>
                <dd data-testid="va-hung-up">{t.hungUp}</dd>
              </div>
              <div>
                <dt>Rescheduled / cancelled</dt>
                <dd data-testid="va-changed-jobs">{t.changedJobs}</dd>
              </div>
            </dl>
          </article>
        ))}
      </div>
      {!wall && data && (
        <div className="va-sessions">
          <h3>Today’s conversations</h3>
          {data.sessions.length === 0 ? (
            <p className="empty">The Voice Agent has not answered anyone today.</p>
          ) : (
            <table aria-label="Voice Agent conversations today">
              <thead>
                <tr>
                  <th>Time ({zone.label})</th>
                  <th>Account</th>
                  <th>Caller</th>
                  <th>Outcome</th>
                  <th>Length</th>
                  <th>What they wanted</th>
                </tr>
              </thead>
              <tbody>
                {data.sessions.map((s) => (
                  <tr key={s.callSid} data-testid="va-session" aria-selected={open === s.callSid}>
                    <td>{time(s.startedAt)}</td>
                    <td>{s.accountName}</td>
                    <td>
                      <button className="link" onClick={() => setOpen(s.callSid)} aria-label={`Transcript of ${callerOf(s) ?? 'caller'} at ${time(s.startedAt)} ${zone.label}`}>
                        <bdi>{callerOf(s) ?? 'Unknown caller'}</bdi>
                      </button>
                      {s.customerName && s.from ? <div className="sub">{formatPhone(s.from)}</div> : null}
                    </td>
                    <td>{s.outcome ? VOICE_AGENT_OUTCOME_LABELS[s.outcome] : s.connectedAt ? 'In conversation' : 'Connecting'}</td>
                    <td>{formatDuration(s.durationSeconds)}</td>
                    <td>{s.wanted ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {selected && <Transcript session={selected} zone={zone} onClose={() => setOpen(null)} />}
    </section>
  );
}

function Transcript({ session, zone, onClose }: { session: VoiceAgentSession; zone: ScreenZone; onClose(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="drawer" role="dialog" aria-label="Voice Agent transcript">
      <header className="drawer-head">
        <div>
          <h3>
            <bdi>{callerOf(session) ?? 'Unknown caller'}</bdi>
          </h3>
          <div className="hint">
            {session.accountName} · {session.reason === 'wait' ? 'to the agent after a long wait in the queue' : 'to the agent: nobody was free'} ·{' '}
            {session.outcome ? VOICE_AGENT_OUTCOME_LABELS[session.outcome] : 'in conversation'}
          </div>
        </div>
        <button onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      {session.handoffReason && <p className="warning">Handed off: {session.handoffReason}</p>}
      {/* The summary the desk got with the caller (need, visit, name), so both read the same. */}
      {session.outcome === 'handed_off' && (session.handoffSummary ?? session.wanted) && (
        <p data-testid="handoff-summary">What the agent gathered: {session.handoffSummary ?? session.wanted}</p>
      )}
      <ol className="transcript-turns" data-testid="transcript">
        {session.transcript.map((t, i) => (
          <li key={i} className={t.who}>
            <span className="hint">
              {formatClock(t.at, zone.timeZone)} {zone.label} · {t.who === 'caller' ? 'Caller' : 'Voice Agent'}
            </span>
            <p>{t.text}</p>
          </li>
        ))}
      </ol>
    </aside>
  );
}
