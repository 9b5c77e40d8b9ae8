import type { Queryable } from '../store/db';

/**
 * The report's columns on calls (outcome, customer, speed to lead) follow their lead through row
 * triggers. A writer that touches many rows in one transaction (the webhook applier's batch, the
 * Voice Agent's booking) switches those triggers off for the transaction and refreshes every lead
 * it touched with one statement at its end (migrations 260 and 340; per row, the triggers were
 * half a batch's cost and a third of a booking's).
 */
export async function reportBySet(q: Queryable): Promise<void> {
  await q.query("select set_config('rebound.report_by_set', 'on', true)");
}

/**
 * Refreshes `leadIds` and switches the triggers back on for the rest of the transaction. With no
 * leads it only switches them back: planning the refresh cost about a millisecond on PGlite even
 * for none, and a third of steady-pace batches (ringing calls) touch none.
 */
export async function refreshReportAndResume(q: Queryable, leadIds: string[]): Promise<void> {
  if (leadIds.length) await q.query("select rebound_refresh_report_many($1::text[]), set_config('rebound.report_by_set', 'off', true)", [leadIds]);
  else await q.query("select set_config('rebound.report_by_set', 'off', true)");
}
