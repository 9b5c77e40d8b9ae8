import DataLoader from 'dataloader';
import type { WebSocket } from 'ws';
import { voiceEventSchema, type Poke, type VoiceEvent } from '../../shared';
import { loadPrincipal, mayWork, type Principal } from '../auth/principal';
import type { Db } from '../store/db';
import { ACCESS_CHANNEL, type AccessNotice } from '../changes/access-notice';
import { VOICE_CHANNEL, type VoiceNotice } from '../changes/voice-notices';
import { offerOf, reservedUntil, waitingCallsFor, type WaitingCall } from '../voice/waiting-callers';
import { CHANGES_CHANNEL, type ChangeNotice } from '../changes/change-log';

type Desk = { socket: WebSocket; principal: Principal; tokenHash: string };

/** Which of these sessions are still live; the hub closes the sockets of the others. */
export type SessionCheck = (tokenHashes: string[]) => Promise<Set<string>>;

/**
 * Tells connected desks that something they may see changed. It listens to the database's
 * NOTIFY rather than to this process, so a change committed by any server process sharing the
 * database reaches every desk. A poke is a hint: desks pull for the rows themselves.
 */
export class PokeHub {
  private desks = new Set<Desk>();
  private stopListening: (() => Promise<void>) | null = null;
  private stopVoice: (() => Promise<void>) | null = null;
  private stopAccess: (() => Promise<void>) | null = null;
  private refresh: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly liveSessions: SessionCheck = async (hashes) => new Set(hashes),
    private readonly refreshMs = 15_000,
  ) {}

  /**
   * Accounts whose voicemail plan offers a call-back to the original agent first: only their
   * offers are read back from the database before going out (every other offer goes at once,
   * in this turn's batch). Reloaded when an account's settings change, and with the principals.
   */
  private originalAgentAccounts = new Set<string>();

  private async loadOriginalAgentAccounts(): Promise<void> {
    const rows = await this.db.query<{ account_id: string }>("select account_id from account_settings where callback_routing = 'original_agent'").catch(() => null);
    if (rows) this.originalAgentAccounts = new Set(rows.map((r) => r.account_id));
  }

  async start(): Promise<void> {
    await this.loadOriginalAgentAccounts();
    this.stopListening = await this.db.listen(CHANGES_CHANNEL, (payload) => this.fanOut(payload));
    this.stopVoice = await this.db.listen(VOICE_CHANNEL, (payload) => this.fanOutVoice(payload));
    this.stopAccess = await this.db.listen(ACCESS_CHANNEL, (payload) => void this.accessChanged(payload));
    // Role and scope changes reach open sockets within this interval, not only at reconnect.
    this.refresh = setInterval(() => void this.refreshPrincipals(), this.refreshMs);
    this.refresh.unref();
  }

  add(socket: WebSocket, principal: Principal, tokenHash: string): void {
    const desk = { socket, principal, tokenHash };
    this.desks.add(desk);
    socket.on('close', () => this.desks.delete(desk));
    socket.on('error', () => this.desks.delete(desk));
    void this.sendWaitingCallers(desk);
  }

  /** A desk that connects while callers wait is offered them at once, not at the next caller. */
  private async sendWaitingCallers(desk: Desk): Promise<void> {
    if (desk.principal.kinds.length === 0) return;
    const now = new Date();
    const rows = await waitingCallsFor(this.db, desk.principal, now).catch(() => []);
    for (const r of rows) this.sendVoice(desk, offerOf(r, now).event);
  }

  /**
   * Voice events wait for the end of this turn of the event loop and then go to each desk as
   * one frame: in a spike every caller offers itself to every desk, and a frame per event per
   * desk cost more than the rest of a webhook's handling together.
   */
  private voiceBatch: { events: string[]; heard: Map<Desk, number[]> } | null = null;

  private sendVoice(desk: Desk, event: VoiceEvent | string): void {
    const text = typeof event === 'string' ? event : JSON.stringify(event);
    let batch = this.voiceBatch;
    if (!batch) {
      batch = this.voiceBatch = { events: [], heard: new Map() };
      setImmediate(() => this.flushVoice());
    }
    let i = batch.events.lastIndexOf(text);
    if (i < 0) i = batch.events.push(text) - 1;
    const heard = batch.heard.get(desk);
    if (heard) heard.push(i);
    else batch.heard.set(desk, [i]);
  }

  private flushVoice(): void {
    const batch = this.voiceBatch;
    this.voiceBatch = null;
    if (!batch) return;
    // Desks that heard the same events get the same frame, built once.
    const frames = new Map<string, string>();
    for (const [desk, heard] of batch.heard) {
      if (desk.socket.readyState !== desk.socket.OPEN) continue;
      const key = heard.join();
      let text = frames.get(key);
      if (text === undefined) {
        text = `{"type":"voice","events":[${heard.map((i) => batch.events[i]).join(',')}]}`;
        frames.set(key, text);
      }
      desk.socket.send(text);
    }
  }

  private fanOutVoice(payload: string): void {
    let notice: VoiceNotice;
    try {
      notice = JSON.parse(payload) as VoiceNotice;
    } catch {
      return;
    }
    const event = voiceEventSchema.safeParse(notice.event);
    if (!event.success) return;
    const a = notice.audience;
    if (event.data.type === 'offer' && 'accountId' in a && this.originalAgentAccounts.has(a.accountId)) return void this.fanOutOffer(event.data, a.accountId);
    const text = JSON.stringify(event.data); // once, not once per desk: every call offers itself to them all
    for (const desk of this.desks) {
      const p = desk.principal;
      const hears = 'userId' in a ? p.userId === a.userId : p.kinds.length > 0 && p.accounts.some((x) => x.id === a.accountId);
      if (hears) this.sendVoice(desk, text);
    }
  }

  private sendToAccount(accountId: string, text: string, who: (p: Principal) => boolean = () => true): void {
    for (const desk of this.desks) {
      const p = desk.principal;
      if (p.kinds.length > 0 && p.accounts.some((x) => x.id === accountId) && who(p)) this.sendVoice(desk, text);
    }
  }

  /**
   * Offered callers read back together: every offer made in one turn shares one statement (in a
   * heat wave each caller offered itself, and each read cost the embedded database a statement
   * of its own: 3,469 in one bench run). DataLoader does the batching; nothing is cached, since a
   * call's state changes between reads.
   */
  private readonly offeredCalls = new DataLoader<string, (WaitingCall & { waiting: boolean }) | undefined>(
    async (sids) => {
      const rows = await this.db.query<WaitingCall & { waiting: boolean; call_sid: string }>(
        `select call_sid, reserved_for, reserved_until, (not answered and queue_result is null and ended_at is null) as waiting
           from calls where call_sid = any($1::text[])`,
        [[...sids]],
      ).catch(() => []);
      const bySid = new Map(rows.map((r) => [r.call_sid, r]));
      return sids.map((sid) => bySid.get(sid));
    },
    { cache: false },
  );

  /**
   * A caller now waiting: offered to the account's desks, unless the voicemail plan offers them
   * first to the agent who left them a voicemail; everyone else hears of them when that time is
   * up and they still wait. The call is read back first, so an offer never goes out after the
   * caller was taken or hung up.
   */
  private async fanOutOffer(event: Extract<VoiceEvent, { type: 'offer' }>, accountId: string): Promise<void> {
    const call = await this.offeredCalls.load(event.callSid);
    if (call && !call.waiting) return;
    const until = call ? reservedUntil(call, new Date()) : null;
    if (!call || !until) return this.sendToAccount(accountId, JSON.stringify(event));
    const first = call.reserved_for;
    this.sendToAccount(accountId, JSON.stringify({ ...event, reservedUntil: until.toISOString() }), (p) => p.userId === first);
    const later = setTimeout(() => {
      void this.offeredCalls.load(event.callSid).then((c) => {
        if (c?.waiting) this.sendToAccount(accountId, JSON.stringify({ ...event, reservedUntil: null }), (p) => p.userId !== first);
      });
    }, until.getTime() - Date.now());
    later.unref();
  }

  /** Users with a desk open on this process who take an account's callers (offers go to them). */
  takersOf(accountId: string): string[] {
    const out = new Set<string>();
    for (const d of this.desks) {
      if (d.socket.readyState === d.socket.OPEN && d.principal.kinds.length > 0 && d.principal.accounts.some((a) => a.id === accountId)) out.add(d.principal.userId);
    }
    return [...out];
  }

  get size(): number {
    return this.desks.size;
  }

  /** One notice, or a batch's array of them: each desk gets one poke with what it may see. */
  private fanOut(payload: string): void {
    let parsed: ChangeNotice | ChangeNotice[];
    try {
      parsed = JSON.parse(payload) as ChangeNotice | ChangeNotice[];
    } catch {
      return;
    }
    const notices = Array.isArray(parsed) ? parsed : [parsed];
    // Desks with the same scope get the same frame: built once per scope, not once per desk.
    const frames = new Map<string, string | null>();
    for (const desk of this.desks) {
      if (desk.socket.readyState !== desk.socket.OPEN) continue;
      const p = desk.principal;
      const scope = `${p.kinds.join()}|${p.accounts.map((a) => a.id).join()}`;
      let text = frames.get(scope);
      if (text === undefined) {
        const seen = notices.filter((n) => mayWork(p, n));
        const poke: Poke | null = seen.length
          ? {
              type: 'poke',
              cursor: Math.max(...seen.map((n) => n.seq)),
              origin: seen.every((n) => n.origin && n.origin === seen[0]!.origin) ? seen[0]!.origin! : null,
              created: seen.filter((n) => n.created).map((n) => ({ leadId: n.leadId, kind: n.kind, accountId: n.accountId, customer: n.customer })),
            }
          : null;
        text = poke ? JSON.stringify(poke) : null;
        frames.set(scope, text);
      }
      if (text) desk.socket.send(text);
    }
  }

  /**
   * Someone's roles, accounts or account settings changed: reload those desks' principals now
   * and poke them, so they pull the new scope and session (and purge what they may no longer see).
   */
  private async accessChanged(payload: string): Promise<void> {
    let notice: AccessNotice;
    try {
      notice = JSON.parse(payload) as AccessNotice;
    } catch {
      return;
    }
    const users = new Set(notice.userIds ?? []);
    const accounts = new Set(notice.accountIds ?? []);
    if (accounts.size) await this.loadOriginalAgentAccounts();
    const load = principalLoader(this.db);
    for (const desk of this.desks) {
      const affected = users.has(desk.principal.userId) || desk.principal.accounts.some((a) => accounts.has(a.id));
      if (!affected) continue;
      const fresh = await load(desk.principal);
      if (!fresh) {
        desk.socket.close(4401, 'user removed');
        continue;
      }
      desk.principal = fresh;
      if (desk.socket.readyState === desk.socket.OPEN) desk.socket.send(JSON.stringify({ type: 'poke', cursor: 0, origin: null, created: [] } satisfies Poke));
    }
  }

  /** A session signed out here: its sockets close now, not at the next refresh. */
  endSession(tokenHash: string): void {
    for (const desk of this.desks) if (desk.tokenHash === tokenHash) desk.socket.close(4401, 'session ended');
  }

  private async refreshPrincipals(): Promise<void> {
    await this.loadOriginalAgentAccounts();
    // Sessions signed out through another process, expired or idle: their sockets hear nothing more.
    const live = await this.liveSessions([...new Set([...this.desks].map((d) => d.tokenHash))]).catch(() => null);
    for (const desk of this.desks) {
      if (live && !live.has(desk.tokenHash)) {
        this.desks.delete(desk);
        desk.socket.close(4401, 'session ended');
      }
    }
    const load = principalLoader(this.db);
    for (const desk of this.desks) {
      const fresh = await load(desk.principal);
      if (fresh) desk.principal = fresh;
      else desk.socket.close(4401, 'user removed');
    }
  }

  async stop(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    for (const desk of this.desks) desk.socket.close(1001, 'server stopping');
    await this.stopListening?.();
    await this.stopVoice?.();
    await this.stopAccess?.();
  }
}


/**
 * Loads each user's principal once per pass over the desks (one person may have several desks
 * open); a failed read keeps what the desk had.
 */
function principalLoader(db: Db): (current: Principal) => Promise<Principal | null> {
  const loaded = new Map<string, Promise<Principal | null>>();
  return (current) => {
    let p = loaded.get(current.userId);
    if (!p) {
      p = loadPrincipal(db, current.userId).catch(() => current);
      loaded.set(current.userId, p);
    }
    return p;
  };
}
