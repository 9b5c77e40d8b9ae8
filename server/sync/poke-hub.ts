import type { WebSocket } from 'ws';
import type { Poke } from '../../shared';
import { loadPrincipal, mayWork, type Principal } from '../auth/principal';
import type { Db } from '../store/db';
import { CHANGES_CHANNEL, type ChangeNotice } from './change-log';

type Desk = { socket: WebSocket; principal: Principal };

/**
 * Tells connected desks that something they may see changed. It listens to the database's
 * NOTIFY rather than to this process, so a change committed by any server process sharing the
 * database reaches every desk. A poke is a hint: desks pull for the rows themselves.
 */
export class PokeHub {
  private desks = new Set<Desk>();
  private stopListening: (() => Promise<void>) | null = null;
  private refresh: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    this.stopListening = await this.db.listen(CHANGES_CHANNEL, (payload) => this.fanOut(payload));
    // Role and scope changes reach open sockets within this interval, not only at reconnect.
    this.refresh = setInterval(() => void this.refreshPrincipals(), 15_000);
    this.refresh.unref();
  }

  add(socket: WebSocket, principal: Principal): void {
    const desk = { socket, principal };
    this.desks.add(desk);
    socket.on('close', () => this.desks.delete(desk));
    socket.on('error', () => this.desks.delete(desk));
  }

  get size(): number {
    return this.desks.size;
  }

  private fanOut(payload: string): void {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload) as ChangeNotice;
    } catch {
      return;
    }
    const poke: Poke = {
      type: 'poke',
      cursor: notice.seq,
      created: notice.created
        ? [{ leadId: notice.leadId, kind: notice.kind, accountId: notice.accountId, customer: notice.customer }]
        : [],
    };
    const text = JSON.stringify(poke);
    for (const desk of this.desks) {
      if (desk.socket.readyState === desk.socket.OPEN && mayWork(desk.principal, notice)) desk.socket.send(text);
    }
  }

  private async refreshPrincipals(): Promise<void> {
    for (const desk of this.desks) {
      const fresh = await loadPrincipal(this.db, desk.principal.userId).catch(() => desk.principal);
      if (fresh) desk.principal = fresh;
      else desk.socket.close(4401, 'user removed');
    }
  }

  async stop(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    for (const desk of this.desks) desk.socket.close(1001, 'server stopping');
    await this.stopListening?.();
  }
}
