import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Poke } from '../../../shared';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../../server/demo/seed';
import { newSid, SimulatedCarrier } from '../../../server/demo/simulated-carrier';
import { createScratchDatabase, REAL_POSTGRES_SKIP_REASON } from '../../support/backends';
import { spawnServer, type ServerProcess } from '../../support/server-process';

const SECRET = 'scale-out-test-secret-0123456789';
const realUrl = process.env['TEST_DATABASE_URL'];

describe.skipIf(!realUrl)(`scale-out: two server processes on one PostgreSQL${REAL_POSTGRES_SKIP_REASON ? ` (skipped: ${REAL_POSTGRES_SKIP_REASON})` : ''}`, () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(realUrl!);
    const env = { DATABASE_URL: scratch.url, REBOUND_SIMULATED_SECRET: SECRET, REBOUND_DEMO: '1' };
    [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await scratch?.drop();
  });

  it('pokes a desk connected to server B when server A ingests the webhook', async () => {
    const res = await fetch(`${b.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ben@rebound.example', password: DEMO_PASSWORD }),
    });
    const { token } = (await res.json()) as { token: string };
    const ws = new WebSocket(`${b.url.replace('http', 'ws')}/api/sync/socket`, { headers: { authorization: `Bearer ${token}` } });
    const poke = new Promise<Poke>((resolve, reject) => {
      setTimeout(() => reject(new Error('no poke from server B within 5 s')), 5000);
      ws.on('message', (d) => {
        const msg = JSON.parse(String(d));
        if (msg.type === 'poke' && msg.created.length) resolve(msg);
      });
    });
    await new Promise((r) => ws.once('message', r)); // hello
    await new SimulatedCarrier(a.url, SECRET).abandon({ from: '+13125557001', to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
    const got = await poke;
    expect(got.created[0]).toMatchObject({ kind: 'abandoned', accountId: 'acc-north' });
    ws.close();
    // And the lead itself is readable through server B.
    const pulled = await fetch(`${b.url}/api/sync/pull`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'scale-out-desk-1', cursor: 0 }),
    });
    const body = (await pulled.json()) as { leads: { lead: { phone: string } }[] };
    expect(body.leads.map((l) => l.lead.phone)).toContain('+13125557001');
  });

  it('a routing change made through server A reaches the calls server B answers', async () => {
    const carrierB = new SimulatedCarrier(b.url, SECRET);
    const answer = async () => (await carrierB.post('/twilio/voice/incoming', { CallSid: newSid('CA'), AccountSid: carrierB.accountSid, From: '+13125557002', To: DEMO_NUMBERS.northWeb, CallStatus: 'ringing', Direction: 'inbound' })).body;
    expect(await answer()).toContain('<Enqueue'); // B now holds the route in memory
    const signIn = await fetch(`${a.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@rebound.example', password: DEMO_PASSWORD }) });
    const { token } = (await signIn.json()) as { token: string };
    const off = await fetch(`${a.url}/api/admin/workflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'wf-north-sales', accountId: 'acc-north', name: 'North sales line', queueId: 'q-north-sales', active: false, overflowRule: 'none', overflowWaitSeconds: null }),
    });
    expect(off.status).toBe(200);
    // B hears of it through PostgreSQL's NOTIFY, a moment after A's commit.
    let said = '';
    for (let i = 0; i < 40 && !said.includes('not in service'); i++) {
      said = await answer();
      if (!said.includes('not in service')) await new Promise((r) => setTimeout(r, 50));
    }
    expect(said).toContain('not in service');
  });
});
