import { randomUUID } from 'node:crypto';
import { formatCaller, type ApiEventPayload, type FollowUpKind, type Poke } from '../../shared';

type Note = ApiEventPayload<'notification'>;

const NOUN: Record<FollowUpKind, [string, string]> = {
  abandoned: ['abandoned call', 'abandoned calls'],
  second_chance: ['second chance lead', 'second chance leads'],
};

/**
 * Turns new-lead pokes into in-app notifications. The first lead of a quiet spell is announced
 * at once; what arrives within the following window is gathered into one "12 new abandoned
 * calls" per queue, so a spike never floods the desk. Only queues the user works are announced
 * (the server already pokes nothing else; this is the second check).
 */
export class Notifier {
  private buffers = new Map<FollowUpKind, Poke['created']>();
  private timers = new Map<FollowUpKind, NodeJS.Timeout>();

  constructor(
    private readonly emit: (n: Note) => void,
    private readonly mayWork: (kind: FollowUpKind, accountId: string) => boolean,
    private readonly clock: () => Date,
    private readonly windowMs = 2_000,
  ) {}

  onCreated(created: Poke['created']): void {
    for (const c of created) {
      if (!this.mayWork(c.kind, c.accountId)) continue;
      if (!this.timers.has(c.kind)) {
        this.emit(this.one(c));
        this.timers.set(c.kind, setTimeout(() => this.flush(c.kind), this.windowMs));
        this.buffers.set(c.kind, []);
      } else {
        this.buffers.get(c.kind)!.push(c);
      }
    }
  }

  private flush(kind: FollowUpKind) {
    const pending = this.buffers.get(kind) ?? [];
    this.timers.delete(kind);
    this.buffers.delete(kind);
    if (pending.length === 1) this.emit(this.one(pending[0]!));
    else if (pending.length > 1) {
      this.emit({ id: randomUUID(), kind, count: pending.length, title: `${pending.length} new ${NOUN[kind][1]}`, leadId: null, at: this.clock().toISOString() });
      // Keep coalescing while the spike lasts.
      this.timers.set(kind, setTimeout(() => this.flush(kind), this.windowMs));
      this.buffers.set(kind, []);
    }
  }

  private one(c: Poke['created'][number]): Note {
    return { id: randomUUID(), kind: c.kind, count: 1, title: `New ${NOUN[c.kind][0]} from ${formatCaller(c.customer)}`, leadId: c.leadId, at: this.clock().toISOString() };
  }

  stop(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }
}

