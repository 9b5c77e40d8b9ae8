import { DateTime } from 'luxon';
import type { NumberSearch, TrackingNumberInput, TrackingNumberView } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import type { NumberInventory } from '../phone-numbers/inventory';
import type { Queryable } from '../store/db';
import { transact } from '../store/retry';
import { AdminRefusal } from './refusal';
import { needAccount, needPhoneSettings, notRetired } from './routing';

type Row = {
  e164: string; account_id: string; number_type: string; campaign_id: string | null; workflow_id: string | null; employee_id: string | null;
  forwarding_e164: string | null; receive_texts: boolean; usable_from: Date | null; wf_active: boolean | null; wf_queue: string | null;
};

const SELECT = `select t.e164, t.account_id, t.number_type, t.campaign_id, t.workflow_id, t.employee_id, t.forwarding_e164, t.receive_texts,
                       t.usable_from, w.active as wf_active, w.queue_id as wf_queue
                  from tracking_numbers t left join routing_workflows w on w.id = t.workflow_id`;

/** Why a call to this number would be disconnected today, in the admin's words; null when it routes. */
function warning(r: Row, now: Date): string | null {
  if (r.usable_from && r.usable_from > now) return `Not usable yet: numbers start working the day after they are bought (${r.usable_from.toISOString().slice(0, 10)}).`;
  if (r.number_type === 'unassigned') return 'Unassigned: calls to this number are disconnected.';
  if (r.number_type === 'direct') return null;
  if (!r.workflow_id || !r.wf_queue) return 'No routing workflow: calls to this number are disconnected.';
  if (!r.wf_active) return 'Its routing workflow is not active: calls to this number are disconnected.';
  return null;
}

function view(r: Row, now: Date): TrackingNumberView {
  const type = r.number_type === 'unassigned' || r.number_type === 'direct' ? r.number_type : 'tracking';
  return {
    e164: r.e164, accountId: r.account_id, type, campaignId: r.campaign_id, workflowId: r.workflow_id, employeeId: r.employee_id,
    forwardingE164: r.forwarding_e164, receiveTexts: r.receive_texts, usableFrom: r.usable_from ? new Date(r.usable_from).toISOString() : null, warning: warning(r, now),
  };
}

export async function listNumbers(ctx: ServerContext, p: Principal) {
  needPhoneSettings(p);
  const rows = await ctx.db.query<Row>(`${SELECT} where t.account_id = any($1::text[]) order by t.account_id, t.e164`, [p.accounts.map((a) => a.id)]);
  return rows.map((r) => view(r, ctx.clock()));
}

export async function searchNumbers(ctx: ServerContext, p: Principal, inventory: NumberInventory, q: NumberSearch) {
  needPhoneSettings(p);
  const taken = new Set((await ctx.db.query<{ e164: string }>('select e164 from tracking_numbers')).map((r) => r.e164));
  return inventory.search(q, taken);
}

async function belongs(q: Queryable, table: string, id: string | null, accountId: string, what: string) {
  if (!id) return;
  const [row] = await q.query(`select 1 from ${table} where id = $1 and account_id = $2`, [id, accountId]);
  if (!row) throw new AdminRefusal(404, `That ${what} is not in this account.`);
}

/** What a number may point at must belong to its own account. */
async function checkTargets(tx: Queryable, n: TrackingNumberInput, keepCampaign: string | null = null) {
  await belongs(tx, 'campaigns', n.campaignId, n.accountId, 'campaign');
  if (n.campaignId !== keepCampaign) await notRetired(tx, 'campaigns', n.campaignId, 'campaign');
  await belongs(tx, 'routing_workflows', n.type === 'tracking' ? n.workflowId : null, n.accountId, 'routing workflow');
  if (n.type === 'direct') {
    const [emp] = await tx.query('select 1 from user_accounts where user_id = $1 and account_id = $2', [n.employeeId, n.accountId]);
    if (!emp) throw new AdminRefusal(404, 'That employee does not work for this account.', 'employeeId');
  }
}

const values = (n: TrackingNumberInput) => [
  n.e164, n.accountId, n.type, n.campaignId, n.type === 'tracking' ? n.workflowId : null, n.type === 'direct' ? n.employeeId : null, n.forwardingE164, n.receiveTexts,
];

async function update(tx: Queryable, n: TrackingNumberInput) {
  await tx.query(
    `update tracking_numbers set number_type = $3, campaign_id = $4, workflow_id = $5, employee_id = $6, forwarding_e164 = $7, receive_texts = $8
      where e164 = $1 and account_id = $2`,
    values(n),
  );
}

/** What a number that cannot be bought gets, whoever holds it. */
export const NOT_AVAILABLE = 'That number is not available; search again and choose another.';

/**
 * Buys a number (first save) or changes one the account owns. A bought number starts routing
 * at the next local midnight of the account, as carriers take a day to port and provision.
 */
export async function saveNumber(ctx: ServerContext, p: Principal, inventory: NumberInventory, baseUrl: string, n: TrackingNumberInput) {
  needPhoneSettings(p);
  needAccount(p, n.accountId);
  return transact(ctx.db, async (tx) => {
    await checkTargets(tx, n);
    const [existing] = await tx.query<{ account_id: string }>('select account_id from tracking_numbers where e164 = $1 for update', [n.e164]);
    // Owned by another tenant: answered like any number that cannot be bought, naming nobody.
    if (existing && existing.account_id !== n.accountId) throw new AdminRefusal(409, NOT_AVAILABLE);
    if (existing) {
      await update(tx, n);
    } else {
      const [acc] = await tx.query<{ time_zone: string }>('select time_zone from accounts where id = $1', [n.accountId]);
      const usableFrom = DateTime.fromJSDate(ctx.clock(), { zone: acc?.time_zone ?? 'America/New_York' }).startOf('day').plus({ days: 1 }).toJSDate();
      await inventory.purchase(n.e164, baseUrl);
      await tx.query(
        `insert into tracking_numbers (e164, account_id, number_type, campaign_id, workflow_id, employee_id, forwarding_e164, receive_texts, usable_from, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [...values(n), usableFrom, ctx.clock()],
      );
    }
    const [row] = await tx.query<Row>(`${SELECT} where t.e164 = $1`, [n.e164]);
    return view(row!, ctx.clock());
  });
}

/**
 * Changes a number the admin's accounts already own: its type, campaign, routing workflow,
 * employee, forwarding number and texts. Never buys; a number stays with the account that
 * bought it; a number outside the admin's accounts is as good as absent.
 */
export async function editNumber(ctx: ServerContext, p: Principal, n: TrackingNumberInput) {
  needPhoneSettings(p);
  return transact(ctx.db, async (tx) => {
    const [existing] = await tx.query<{ account_id: string; campaign_id: string | null }>('select account_id, campaign_id from tracking_numbers where e164 = $1 for update', [n.e164]);
    if (!existing || !p.accounts.some((a) => a.id === existing.account_id)) throw new AdminRefusal(404, 'No such number in your accounts.');
    if (existing.account_id !== n.accountId) throw new AdminRefusal(409, 'A number stays with the account that bought it.');
    await checkTargets(tx, n, existing.campaign_id);
    await update(tx, n);
    const [row] = await tx.query<Row>(`${SELECT} where t.e164 = $1`, [n.e164]);
    return view(row!, ctx.clock());
  });
}
