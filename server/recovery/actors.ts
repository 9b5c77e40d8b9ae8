import type { AuditEvent } from '../../shared';

export type Actor = AuditEvent['actor'];

/** The recovery engine, as it appears in a lead's history. */
export const SYSTEM: Actor = { kind: 'system', id: 'recovery-engine', name: 'Rebound' };

export function userActor(p: { userId: string; userName: string }): Actor {
  return { kind: 'user', id: p.userId, name: p.userName };
}
