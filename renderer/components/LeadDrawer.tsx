import { CalendarPlus, Phone, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import {
  ApiError,
  CALL_TYPE_LABELS,
  formatDateTime,
  formatDuration,
  formatPhone,
  NOTE_MAX_LENGTH,
  nextStatuses,
  readableText,
  STATUS_LABELS,
  statusForKey,
  statusActionLabel,
  statusKey,
  statusOfKey,
  UNBOOKED_REASON_LABELS,
  type CallRecord,
  type FollowUpStatus,
  type LeadDetail,
} from '../../shared';
import { api } from '../bridge/api';
import { usePhone } from '../state/phone';
import { useDesk, useUnsent } from '../state/store';
import { useDeskQuery } from '../state/use-desk-query';
import { Field } from '../ui/Field';
import { BookJobForm } from './BookJobForm';
import { TranscriptPanel } from './TranscriptPanel';
import { withdrawToast } from './Toasts';
import { typingInField } from './format';
import { useScreenZone } from './zone';

const CALL_OUTCOME_LABELS: Record<CallRecord['outcome'], string> = {
  abandoned: 'Abandoned',
  answered: 'Answered',
  no_answer: 'No answer',
  busy: 'Busy',
  voicemail: 'Voicemail',
  failed: 'Failed',
  hung_up: 'Hung up',
};

/** "2 sets the status", "1, 2, 3 or 4 set a status": the digits on the buttons, said right. */
function statusKeysHint(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  if (keys.length === 1) return `${keys[0]} sets the status, `;
  return `${keys.slice(0, -1).join(', ')} or ${keys.at(-1)} set a status, `;
}

/** Everything about one lead: calls, history, status, notes, and who is working it now. */
export function LeadDrawer({ leadId, onClose }: { leadId: string; onClose(): void }) {
  const unsent = useUnsent();
  // The lead as the desk shows it, asked again once per change of the leads; a lead no longer on the desk shows nothing.
  const leadQuery = useDeskQuery(() => api.getLead({ leadId }), { key: leadId, leads: true, keepWhileAsking: true, failure: 'The lead could not be read.' });
  const detail: LeadDetail | null = leadQuery.error ? null : leadQuery.data;
  const toast = useDesk((s) => s.toast);
  // An unsaved note is a draft kept per lead: Esc, closing the drawer or a refresh of the lead
  // never throws it away. It is the draft of the lead on the screen: while the drawer moves to
  // another (keepWhileAsking) it still shows the last, and what is typed then is about that one.
  const shownId = detail?.lead.id ?? leadId;
  const note = useDesk((s) => s.drafts[shownId] ?? '');
  const setDraft = useDesk((s) => s.setDraft);
  const setNote = (text: string) => setDraft(shownId, text);
  const [noteError, setNoteError] = useState<string | null>(null);
  const wantsBooking = useDesk((s) => s.booking === leadId);
  const clearBooking = useDesk((s) => s.clearBooking);
  const [booking, setBooking] = useState(false);
  // Times read in the list's zone, so a row and its drawer agree; a job's window is the
  // account's own wall clock (the booking form says which).
  const zone = useScreenZone();
  const accountZone = useScreenZone(detail?.lead.accountId ?? null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const controller = usePhone((s) => s.controller);
  const onCall = usePhone((s) => Boolean(s.view?.call));
  // Callback hours move with the clock: asked again each minute while the drawer is open.
  const hoursQuery = useDeskQuery(() => api.callbackWindow({ leadId }), { key: leadId, everyMs: 60_000, keepWhileAsking: true, failure: 'The callback hours could not be read.' });
  const hours = hoursQuery.error ? null : hoursQuery.data;

  /** Calls the lead shown (the buttons) or, from the keyboard, the lead asked for once it has come. */
  async function call(override = false, lead = detail?.lead) {
    if (!lead || !controller) return;
    // The claim and status edits announce themselves (leadsChanged): no refresh of our own.
    const verdict = await controller.callLead(lead, { override });
    // Named: moving fast through leads, the refusal may come when another is on the screen.
    if (!verdict.placed) {
      // Outside callback hours the way on is at hand: said, so a CSR at night is not stuck.
      const anyway = verdict.outsideHours ? ' Shift+C calls anyway.' : '';
      const id = crypto.randomUUID();
      refused.current.set(lead.id, id);
      toast({ id, kind: 'error', title: `Not called ${lead.customerName ?? formatPhone(lead.phone)}: ${verdict.reason}${anyway}` });
      return;
    }
    // Called after all ("Call anyway"): the refusal no longer holds, and an error would stay until closed.
    const stale = refused.current.get(lead.id);
    if (stale) withdrawToast(stale);
    refused.current.delete(lead.id);
  }
  /** The refusal shown for each lead, by lead, until a call to it goes through. */
  const refused = useRef(new Map<string, string>());

  useEffect(() => {
    if (!wantsBooking) return;
    setBooking(true);
    clearBooking();
  }, [wantsBooking, clearBooking]);

  // The lead asked for, once it has come. While the drawer moves to another lead it still shows
  // the last one (keepWhileAsking): a key pressed then must wait for the lead it will change.
  const loaded = detail?.lead.id === leadId ? detail : null;
  // A status key pressed before the lead came: applied once it shows (if its status allows it).
  const pendingKey = useRef<{ leadId: string; key: string } | null>(null);

  /** A digit pressed on a shown lead: sets the status whose button shows it, or says why not. */
  function pressStatusKey(d: LeadDetail, key: string) {
    const to = statusForKey(d.lead.kind, key, nextStatuses(d.lead.kind, d.lead.status, 'user'));
    if (to) return void run(() => api.setLeadStatus({ leadId: d.lead.id, to }));
    const named = statusOfKey(d.lead.kind, key);
    if (!named) return;
    const why = named === d.lead.status ? `this lead is already ${STATUS_LABELS[named]}` : `a lead that is ${STATUS_LABELS[d.lead.status]} cannot be set to ${STATUS_LABELS[named]}`;
    // Named, since the key may have waited for the lead to come; gone once the drawer moves on.
    // One per lead and key: pressed again, the note is shown again, not stacked.
    keyToast.current = `key-${d.lead.id}-${key}`;
    toast({ id: keyToast.current, kind: 'notice', title: `Key ${key} did nothing for ${d.lead.customerName ?? formatPhone(d.lead.phone)}: ${why}.` });
  }
  const keyToast = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (keyToast.current) withdrawToast(keyToast.current);
      keyToast.current = null;
    },
    [leadId],
  );

  useEffect(() => {
    const p = pendingKey.current;
    if (!loaded || !p) return;
    pendingKey.current = null;
    if (p.leadId !== loaded.lead.id) return;
    // Outside callback hours the call is refused with the reason, as from its button.
    if (p.key === 'c') void call(false, loaded.lead);
    else pressStatusKey(loaded, p.key);
  }, [loaded]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = typingInField();
      if (e.key === 'Escape') {
        if (e.defaultPrevented) return;
        // First Esc leaves the field being typed in (the draft stays); the next closes.
        if (typing && document.activeElement instanceof HTMLElement && document.activeElement.closest('.drawer')) document.activeElement.blur();
        else onClose();
        return;
      }
      // A digit sets the status whose button shows it; the digit of each status never moves.
      // Pressed while the lead is still coming, it waits for it rather than being lost.
      if (!typing && /^[1-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        if (loaded) pressStatusKey(loaded, e.key);
        else pendingKey.current = { leadId, key: e.key };
      }
      // While the drawer moves to another lead it still shows the last one: `c` then waits for the
      // lead asked for, rather than phoning the customer still on the screen.
      if (!typing && e.key === 'c' && !e.ctrlKey && !e.metaKey && !onCall) {
        e.preventDefault();
        if (loaded) void call(false, loaded.lead);
        else pendingKey.current = { leadId, key: 'c' };
      }
      // Shift+C is "Call anyway": outside callback hours, on purpose, and only on the lead shown
      // once it is the one asked for (never the one still on the screen while the drawer moves).
      if (!typing && e.key === 'C' && e.shiftKey && !e.ctrlKey && !e.metaKey && !onCall && loaded) {
        e.preventDefault();
        void call(true, loaded.lead);
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
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'That did not work.' });
    }
  }

  async function saveNote() {
    if (note.length > NOTE_MAX_LENGTH) return setNoteError(`A note can be at most ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters; this one has ${note.length.toLocaleString('en-US')}.`);
    try {
      await api.addNote({ leadId: shownId, text: note });
      setDraft(shownId, '');
      setNoteError(null);
    } catch (err) {
      setNoteError(err instanceof ApiError ? err.message : 'The note could not be saved.');
    }
  }

  if (!detail) return null;
  const { lead, calls, history } = detail;
  const choices = nextStatuses(lead.kind, lead.status, 'user');
  const scl = lead.kind === 'second_chance';
  const notes = history.filter((h) => h.action === 'note');
  const when = (iso: string) => formatDateTime(iso, zone.timeZone);

  return (
    <aside className="drawer" role="dialog" aria-label={`Lead ${lead.customerName ?? formatPhone(lead.phone)}`}>
      <header className="drawer-head">
        <div>
          <h3>
            <bdi>{lead.customerName ?? 'Unknown caller'}</bdi>
          </h3>
          <div className="phone">{formatPhone(lead.phone)}</div>
        </div>
        <button className="ghost icon-only" onClick={onClose} aria-label="Close" title="Close (Esc)">
          <X className="icon" aria-hidden="true" />
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
        <dd data-testid="drawer-status" className="status-pill">
          {STATUS_LABELS[lead.status]}
          {unsent(lead) ? ' (unsent)' : ''}
        </dd>
        {lead.claim && (
          <>
            <dt>Working it</dt>
            <dd>{lead.claim.userName}</dd>
          </>
        )}
        <dt>Times</dt>
        <dd className="zone-label" data-testid="drawer-zone">
          {zone.label} ({zone.timeZone})
        </dd>
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
            <Phone className="icon" aria-hidden="true" />
            Call {formatPhone(lead.phone)} <kbd aria-hidden="true">c</kbd>
          </button>
          {hours?.allowed === false && (
            <>
              <span className="why" data-testid="call-blocked">
                {hours.reason}
              </span>
              <button disabled={onCall} onClick={() => void call(true)} aria-keyshortcuts="Shift+C" title="Shortcut: Shift+C">
                Call anyway <kbd aria-hidden="true">⇧C</kbd>
              </button>
            </>
          )}
          {hours?.allowed && hours.localTimes.length > 0 && <span className="hint">It is {hours.localTimes.join(' / ')} for the customer.</span>}
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
        <p className="hint">
          Keys: c calls, {statusKeysHint(choices.map((s) => statusKey(lead.kind, s)).filter((k): k is string => k !== null))}n writes a note, Esc closes.
          {hours?.allowed === false && ' Shift+C calls anyway.'}
        </p>
        {scl && choices.some((c) => c === 'reviewed_not_a_lead') && (
          <p className="warning">Only mark Reviewed - not a lead if it truly is not one: mislabelling reduces how well real leads are detected.</p>
        )}
        <div className="actions">
          {choices.map((s) => (
            <button
              key={s}
              aria-keyshortcuts={statusKey(lead.kind, s) ?? undefined}
              title={statusKey(lead.kind, s) ? `Shortcut: ${statusKey(lead.kind, s)}` : undefined}
              // One primary action: Call while the lead is New (a solid Resolved beside it read as
              // the lead's status), then the outcome that recovers it. Giving up is marked as such.
              className={s === 'dismissed' ? 'danger' : s === 'resolved' && lead.status !== 'new' ? 'primary' : undefined}
              onClick={() => void run(() => api.setLeadStatus({ leadId: lead.id, to: s }))}
            >
              {statusActionLabel(s)} {statusKey(lead.kind, s) && <kbd aria-hidden="true">{statusKey(lead.kind, s)}</kbd>}
            </button>
          ))}
        </div>
      </section>

      {choices.includes('resolved') && (
        <section aria-label="Job booking">
          {booking ? (
            <BookJobForm lead={lead} timeZone={accountZone.timeZone} zoneLabel={accountZone.label} onDone={() => setBooking(false)} />
          ) : (
            <button onClick={() => setBooking(true)} style={{ marginTop: 'var(--sp-3)' }}>
              <CalendarPlus className="icon" aria-hidden="true" />
              Book a job…
            </button>
          )}
        </section>
      )}

      <section aria-label="Notes">
        <h4>Notes</h4>
        {notes.length > 0 && (
          <ul className="list" data-testid="notes">
            {notes.map((h, i) => (
              <li key={i}>
                <bdi>{h.to}</bdi>
                <span className="when">
                  {h.actor.name} · {when(h.at)}
                </span>
              </li>
            ))}
          </ul>
        )}
        <form
          className="note-box"
          onSubmit={(e) => {
            e.preventDefault();
            void saveNote();
          }}
        >
          <Field label="Add a note" error={noteError} counter={{ length: note.length, max: NOTE_MAX_LENGTH }} hint={note && !noteError ? 'Draft kept until you add it.' : undefined}>
            <textarea
              ref={noteRef}
              aria-label="Note"
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                setNoteError(null);
              }}
              placeholder="What was tried, which callback number the customer was given…"
            />
          </Field>
          <div className="actions">
            <button type="submit" disabled={!note.trim() || note.length > NOTE_MAX_LENGTH}>
              Add note
            </button>
          </div>
        </form>
      </section>

      <section aria-label="Calls">
        <h4>Calls</h4>
        <ul className="list">
          {calls.map((c) => (
            <li key={c.callSid}>
              <span>
                {c.direction === 'inbound' ? 'Inbound' : 'Outbound'} · {CALL_OUTCOME_LABELS[c.outcome]}
                {/* A call still being recorded has no length yet: say nothing rather than 0:00. */}
                {c.durationSeconds > 0 ? ` · ${formatDuration(c.durationSeconds)}` : ''}
                {c.agentName ? ` · ${c.agentName}` : ''}
                {c.reason ? ` · ${UNBOOKED_REASON_LABELS[c.reason]}` : ''}
                {c.recordingUrl ? (
                  <>
                    {' · '}
                    <a href={c.recordingUrl} target="_blank" rel="noreferrer">
                      recording
                    </a>
                  </>
                ) : null}
              </span>
              <span className="when">{when(c.startedAt)}</span>
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
              <span>
                {h.actor.name}:{' '}
                {h.action === 'status' ? (
                  `${STATUS_LABELS[h.from as FollowUpStatus] ?? h.from} → ${STATUS_LABELS[h.to as FollowUpStatus] ?? h.to}`
                ) : h.action === 'note' ? (
                  <>
                    note “<bdi>{h.to}</bdi>”
                  </>
                ) : (
                  h.action.replace('_', ' ')
                )}
                {h.why ? (
                  <>
                    {' — '}
                    <bdi title={h.why}>{readableText(h.why)}</bdi>
                  </>
                ) : null}
              </span>
              <span className="when">{when(h.at)}</span>
            </li>
          ))}
        </ol>
      </section>
    </aside>
  );
}
