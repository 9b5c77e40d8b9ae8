import type { Transcript } from '../../shared';
import { mayWork, type Principal } from '../auth/principal';
import type { Queryable } from '../store/db';

/**
 * The transcript of the call a lead was made from, for someone who may work that lead; null
 * when the call was never transcribed. Turn times are seconds from the first utterance.
 */
export async function leadTranscript(q: Queryable, p: Principal, leadId: string): Promise<Transcript | null | 'not_found'> {
  const [lead] = await q.query<{ account_id: string; kind: 'abandoned' | 'second_chance' }>('select account_id, kind from leads where id = $1', [leadId]);
  if (!lead || !mayWork(p, { accountId: lead.account_id, kind: lead.kind })) return 'not_found';
  const [origin] = await q.query<{ call_sid: string }>(
    'select call_sid from calls where followup_lead_id = $1 order by lead_origin desc, started_at limit 1',
    [leadId],
  );
  if (!origin) return null;
  const rows = await q.query<{ speaker: 'customer' | 'agent'; text: string; spoken_at: Date }>(
    'select speaker, text, spoken_at from call_transcripts where call_sid = $1 order by spoken_at, id',
    [origin.call_sid],
  );
  if (!rows.length) return null;
  const first = new Date(rows[0]!.spoken_at).getTime();
  return {
    callSid: origin.call_sid,
    turns: rows.map((r) => ({ speaker: r.speaker, text: r.text, atSeconds: Math.max(0, Math.round((new Date(r.spoken_at).getTime() - first) / 1000)) })),
  };
}
