import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

type LeadKey = 'northAbandoned' | 'southAbandoned' | 'northScl' | 'southScl';

// Who may work what, from the demo roles: the expected side of the matrix, written by hand.
const USERS = {
  'ava@northside.example': { northAbandoned: true, southAbandoned: false, northScl: false, southScl: false },
  'cora@southside.example': { northAbandoned: false, southAbandoned: true, northScl: false, southScl: true },
  'ben@rebound.example': { northAbandoned: true, southAbandoned: true, northScl: true, southScl: true },
} satisfies Record<string, Record<LeadKey, boolean>>;

const PHONES: Record<LeadKey, string> = {
  northAbandoned: '+13125556001',
  southAbandoned: '+14045556002',
  northScl: '+13125556003',
  southScl: '+14045556004',
};

let pokeCallers = 0;

describe.each(BACKENDS)('tenant and permission isolation on $name', (backend) => {
  let t: TestServer;
  const ids = {} as Record<LeadKey, string>;
  const callSids = {} as Record<'north' | 'south', string>;
  const desks: Record<string, Desk> = {};

  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 1 });
    await t.db.query("update account_settings set scl_enabled = true where account_id = 'acc-south'");
    await t.carrier.abandon({ from: PHONES.northAbandoned, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
    await t.carrier.abandon({ from: PHONES.southAbandoned, to: DEMO_NUMBERS.southTv, queueSeconds: 20 });
    await t.carrier.answer({ from: PHONES.northScl, to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 80, agentId: 'u-ava' });
    await t.carrier.answer({ from: PHONES.southScl, to: DEMO_NUMBERS.southTv, queueSeconds: 5, talkSeconds: 80, agentId: 'u-cora' });
    t.clock.advanceMinutes(2);
    await t.server.sweep();
    callSids.north = await t.carrier.answer({ from: '+13125556005', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 80, agentId: 'u-ben' });
    callSids.south = await t.carrier.answer({ from: '+14045556006', to: DEMO_NUMBERS.southTv, queueSeconds: 5, talkSeconds: 80, agentId: 'u-ben' });
    for (const key of Object.keys(PHONES) as LeadKey[]) {
      const [row] = await t.db.query<{ id: string }>('select id from leads where phone = $1', [PHONES[key]]);
      ids[key] = row!.id;
    }
    for (const email of Object.keys(USERS)) desks[email] = await t.signIn(email);
  });
  afterAll(() => t?.close());

  for (const [email, may] of Object.entries(USERS)) {
    describe(email, () => {
      it('pulls exactly the leads of its accounts and queues', async () => {
        const desk = desks[email]!;
        desk.cursor = 0;
        const seen = new Set((await desk.pullAll()).map((l) => l.lead.id));
        for (const key of Object.keys(PHONES) as LeadKey[]) expect([key, seen.has(ids[key])]).toEqual([key, may[key]]);
      });

      it('can edit exactly those leads, with one answer for missing and forbidden', async () => {
        const desk = desks[email]!;
        let id = 100;
        for (const key of Object.keys(PHONES) as LeadKey[]) {
          for (const m of [
            { name: 'addNote' as const, args: { leadId: ids[key], text: `note by ${email}` } },
            { name: 'claim' as const, args: { leadId: ids[key] } },
            { name: 'release' as const, args: { leadId: ids[key] } },
          ]) {
            const [r] = (await desk.push([{ id: ++id, ...m }])).results;
            expect([key, m.name, r!.status]).toEqual([key, m.name, may[key] ? 'applied' : 'gone']);
            if (!may[key]) {
              expect(r!.error).toBe('This lead does not exist or is outside your accounts and permissions.');
              expect(r!.lead).toBeNull();
            }
          }
        }
        const missing = await desk.push([{ id: ++id, name: 'addNote', args: { leadId: 'no-such-lead', text: 'x' } }]);
        expect(missing.results[0]!.error).toBe('This lead does not exist or is outside your accounts and permissions.');
      });

      it('hears pokes only for what it may see', async () => {
        const desk = desks[email]!;
        const sock = await desk.socket();
        // New numbers each time: a repeat caller joins an entry and is not announced as new.
        const north = `+1312555${6100 + ++pokeCallers}`;
        const south = `+1404555${6100 + pokeCallers}`;
        await t.carrier.abandon({ from: north, to: DEMO_NUMBERS.northWeb, queueSeconds: 20 });
        await t.carrier.abandon({ from: south, to: DEMO_NUMBERS.southTv, queueSeconds: 20 });
        await t.carrier.abandon({ from: `+1312555${6950}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 1 });
        await new Promise((r) => setTimeout(r, 300));
        sock.close();
        const accounts = new Set(sock.pokes.map((p) => p.created[0]?.accountId).filter(Boolean));
        expect(accounts.has('acc-north')).toBe(may.northAbandoned);
        expect(accounts.has('acc-south')).toBe(may.southAbandoned);
      });

      it('classifies calls only in its own accounts', async () => {
        const desk = desks[email]!;
        const mayNorth = may.northAbandoned || may.northScl;
        const maySouth = may.southAbandoned || may.southScl;
        const n = await desk.request('POST', `/api/calls/${callSids.north}/classify`, { outcome: 'excused' });
        const s = await desk.request('POST', `/api/calls/${callSids.south}/classify`, { outcome: 'excused' });
        // Ben took both calls; others may classify only where they work SCL, and see 404 outside their accounts.
        expect(n.status === 404).toBe(!mayNorth);
        expect(s.status === 404).toBe(!maySouth);
      });
    });
  }

  it('never sends a CSR of one account a byte of another account', async () => {
    const ava = desks['ava@northside.example']!;
    const r = await ava.request('POST', '/api/sync/pull', { clientId: ava.clientId, cursor: 0, limit: 5000 });
    const text = JSON.stringify(r.json);
    expect(text).not.toContain('acc-south');
    expect(text).not.toContain('Southside');
    expect(text).not.toContain(PHONES.southAbandoned.slice(2));
    expect(r.json.session.accounts).toEqual([{ id: 'acc-north', name: 'Northside Plumbing' }]);
  });

  it('gives a user without Edit Second Chance Leads no SCL rows, even in its own account', async () => {
    const ava = desks['ava@northside.example']!;
    ava.cursor = 0;
    const leads = await ava.pullAll();
    expect(leads.some((l) => l.lead.kind === 'second_chance')).toBe(false);
    expect((await ava.pull(0)).scope.kinds).toEqual(['abandoned']);
  });

  it('applies a role change on the next request: removing SCL takes the rows away', async () => {
    const cora = desks['cora@southside.example']!;
    cora.cursor = 0;
    expect((await cora.pullAll()).some((l) => l.lead.kind === 'second_chance')).toBe(true);
    await t.db.query("update roles set permissions = '[\"followups.abandoned.edit\"]' where id = 'role-senior-csr'");
    try {
      const after = await cora.pull(0);
      expect(after.scope.kinds).toEqual(['abandoned']);
      expect(after.leads.some((l) => l.lead.kind === 'second_chance')).toBe(false);
    } finally {
      await t.db.query("update roles set permissions = '[\"followups.all\"]' where id = 'role-senior-csr'");
    }
  });
});
