import type { VoiceEvent } from '../../shared';
import type { Queryable } from '../store/db';

export const VOICE_CHANNEL = 'rebound_voice';

/** Who hears a voice event: one user, or everyone who may take calls for an account. */
export type VoiceAudience = { userId: string } | { accountId: string };
export type VoiceNotice = { audience: VoiceAudience; event: VoiceEvent };

/**
 * Sends a voice event to desks through NOTIFY, inside the caller's transaction: it is
 * delivered at commit, by whichever server process holds the desk's socket, and never for a
 * rolled-back change.
 */
export async function notifyVoice(q: Queryable, notice: VoiceNotice): Promise<void> {
  await q.query('select pg_notify($1, $2)', [VOICE_CHANNEL, JSON.stringify(notice)]);
}
