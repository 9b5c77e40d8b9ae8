import { useEffect, useRef, useState } from 'react';
import { ApiError, CALL_TYPE_LABELS, nextStatuses, STATUS_LABELS, UNBOOKED_REASON_LABELS, type ApiResponse, type FollowUpStatus, type LeadDetail } from '../../shared';
import { api } from '../bridge/api';
import { usePhone } from '../state/phone';
import { useDesk } from '../state/store';
import { BookJobForm } from './BookJobForm';
import { TranscriptPanel } from './TranscriptPanel';
import { typingInField } from './format';

const SCL_OUTCOMES: FollowUpStatus[] = ['resolved', 'reviewed_not_a_lead', 'lead_not_following_up'];

function when(iso: string) {
  return new Date(iso).toLocaleString();
}

/** Everything about one lead: calls, history, status, notes, and who is working it now. */
export function LeadDrawer({ leadId, onClose }: { leadId: string; onClose(): void }) {
  const revision = useDesk((s) => s.revision);
  const toast = useDesk((s) => s.toast);
  const [detail, setDetail] = useState<LeadDetail | null>(null);
  const [note, setNote] = useState('');
  const [booking, setBooking] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const controller = usePhone((s) => s.controller);
  const onCall = usePhone((s) => Boolean(s.view?.call));
  const [hours, setHours] = useState<ApiResponse<'callbackWindow'> | null>(null);

  // Callback hours move with the clock: ask again each minute while the drawer is open.
  useEffect(() => {
    let live = true;
    const check = () =>
      api.callbackWindow({ leadId }).then(
        (w) => live && setHours(w),
        () => live && setHours(null),
      );
    void check();
    const t = setInterval(() => void check(), 60_000);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [leadId]);

  async function call(override = false) {
    if (!detail || !controller) return;
    const verdict = await controller.callLead(detail.lead, { override });
    useDesk.getState().changed();
    if (!verdict.placed) toast({ id: crypto.randomUUID(), kind: 'error', title: verdict.reason });
  }

  useEffect(() => {
    let live = true;
    api.getLead({ leadId }).then(
      (d) => live && setDetail(d),
      () => live && setDetail(null),
    );
    return () => {
      live = false;
    };
  }, [leadId, revision]);

  const choicesNow = detail ? nextStatuses(detail.lead.kind, detail.lead.status, 'user') : [];
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      const typing = typingInField();
      // 1-9 set the status shown on that numbered button.
      if (!typing && /^[1-9]$/.test(e.key)) {
        const to = choicesNow[Number(e.key) - 1];
        if (to) {
          e.preventDefault();
          void run(() => api.setLeadStatus({ leadId, to }));
        }
      }
      if (!typing && e.key === 'c' && !e.ctrlKey && !e.metaKey && hours?.allowed !== false && !onCall) {
        e.preventDefault();
        void call();
      }
      if (e.key === 'n' && !typing) {
        e.preventDefault();
        noteRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      useDesk.getState().changed();
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'That did not work.' });
    }
  }

  if (!detail) return null;
  const { lead, calls, history } = detail;
  const choices = nextStatuses(lead.kind, lead.status, 'user');
  const scl = lead.kind === 'second_chance';

  return (
    <aside className="drawer" role="dialog" aria-label={`Lead ${lead.customerName ?? lead.phone}`}>
      <header className="drawer-head">
        <div>
          <h3>{lead.customerName ?? 'Unknown caller'}</h3>
          <div className="phone">{lead.phone}</div>
        </div>
        <button onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <dl className="facts">
        <dt>Account</dt>
        <dd>{lead.accountName}</dd>
        <dt>Campaign</dt>
        <dd>{lead.campaignName ?? '—'}</dd>
        <dt>Queue</dt>
        <dd>{lead.queueName ?? '—'}</dd>
        {lead.kind === 'second_chance' && (
          <>
            <dt>Agent</dt>
            <dd>{lead.agentName ?? '—'}</dd>
            <dt>Type</dt>
            <dd>{lead.callType ? CALL_TYPE_LABELS[lead.callType] : '—'}</dd>
            <dt>Reason</dt>
            <dd>{lead.reason ? UNBOOKED_REASON_LABELS[lead.reason] : 'Not classified'}</dd>
            <dt>Notes</dt>
            <dd data-testid="drawer-notes">{lead.notes || '—'}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd data-testid="drawer-status">
          {STATUS_LABELS[lead.status]}
          {lead.pending ? ' (unsent)' : ''}
        </dd>
        {lead.claim && (
          <>
            <dt>Working it</dt>
            <dd>{lead.claim.userName}</dd>
          </>
        )}
      </dl>

      {controller && (
        <div className="callrow">
          <button
            className="primary"
            disabled={onCall || hours?.allowed === false}
            title={hours?.allowed === false ? (hours.reason ?? undefined) : 'Shortcut: c'}
            aria-keyshortcuts="c"
            onClick={() => void call()}
          >
            Call {lead.phone} <kbd aria-hidden="true">c</kbd>
          </button>
          {hours?.allowed === false && (
            <>
              <span className="why" data-testid="call-blocked">
                {hours.reason}
              </span>
              <button disabled={onCall} onClick={() => void call(true)}>
                Call anyway
              </button>
            </>
          )}
          {hours?.allowed && hours.localTimes.length > 0 && <span className="hint">Customer’s time: {hours.localTimes.join(' / ')}</span>}
        </div>
      )}

      {lead.score && (
        <section aria-label="Why it was flagged">
          <h4>
            Score {lead.score.score} <span className="hint">(model v{lead.score.modelVersion})</span>
          </h4>
          <ul className="reasons">
            {lead.score.reasons.map((r) => (
              <li key={r.label} className={r.contribution > 0 ? 'up' : 'down'}>
                <span aria-hidden="true">{r.contribution > 0 ? '▲' : '▼'}</span> {r.label}{' '}
                <span className="hint">
                  ({r.contribution > 0 ? 'raised' : 'lowered'} the score, {r.contribution > 0 ? '+' : ''}
                  {r.contribution.toFixed(2)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {lead.kind === 'second_chance' && <TranscriptPanel leadId={lead.id} />}

      <section aria-label="Status">
        <h4>Set status</h4>
        <p className="hint">Keys: c calls, 1–{choices.length} set a status, n writes a note, Esc closes.</p>
        {scl && choices.some((c) => c === 'reviewed_not_a_lead') && (
          <p className="warning">Only mark Reviewed - not a lead if it truly is not one: mislabelling reduces how well real leads are detected.</p>
        )}
        <div className="actions">
          {choices.map((s, i) => (
            <button
              key={s}
              aria-keyshortcuts={String(i + 1)}
              title={`Shortcut: ${i + 1}`}
              className={s === 'dismissed' ? 'danger' : SCL_OUTCOMES.includes(s) || s === 'resolved' ? 'primary' : undefined}
              onClick={() => void run(() => api.setLeadStatus({ leadId, to: s }))}
            >
              {s === 'dismissed' ? 'Dismiss (not viable)' : STATUS_LABELS[s]} <kbd aria-hidden="true">{i + 1}</kbd>
            </button>
          ))}
        </div>
      </section>

      {choices.includes('resolved') && (
        <section aria-label="Job booking">
          {booking ? (
            <BookJobForm lead={lead} onDone={() => setBooking(false)} />
          ) : (
            <button onClick={() => setBooking(true)}>Book a job…</button>
          )}
        </section>
      )}

      <section aria-label="Notes">
        <h4>Add a note</h4>
        <textarea
          ref={noteRef}
          aria-label="Note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="What was tried, which callback number the customer was given…"
        />
        <button
          disabled={!note.trim()}
          onClick={() =>
            void run(async () => {
              await api.addNote({ leadId, text: note });
              setNote('');
            })
          }
        >
          Add note
        </button>
      </section>

      <section aria-label="Calls">
        <h4>Calls</h4>
        <ul className="list">
          {calls.map((c) => (
            <li key={c.callSid}>
              {when(c.startedAt)} · {c.direction} · {c.outcome.replace('_', ' ')} · {c.durationSeconds} s
              {c.agentName ? ` · ${c.agentName}` : ''}
              {c.reason ? ` · ${c.reason.replace(/_/g, ' ')}` : ''}
              {c.recordingUrl ? (
                <>
                  {' · '}
                  <a href={c.recordingUrl} target="_blank" rel="noreferrer">
                    recording
                  </a>
                </>
              ) : null}
              {c.notes?.startsWith('Voice Agent transcript:') ? (
                <details className="transcript" open>
                  <summary>Voice Agent transcript</summary>
                  <pre data-testid="call-transcript">{c.notes.slice('Voice Agent transcript:'.length).trim()}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-label="History">
        <h4>History</h4>
        <ol className="list" data-testid="history">
          {history.map((h, i) => (
            <li key={i}>
              {when(h.at)} · {h.actor.name}:{' '}
              {h.action === 'status' ? `${STATUS_LABELS[h.from as FollowUpStatus] ?? h.from} → ${STATUS_LABELS[h.to as FollowUpStatus] ?? h.to}` : h.action === 'note' ? `note “${h.to}”` : h.action.replace('_', ' ')}
              {h.why ? ` — ${h.why}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </aside>
  );
}
