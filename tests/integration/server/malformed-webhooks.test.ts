import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type TestServer } from '../../support/test-server';

const PATHS = [
  '/twilio/voice/incoming',
  '/twilio/voice/enqueue-action',
  '/twilio/voice/queue-bridged?agentId=u-ava',
  '/twilio/voice/status',
  '/twilio/voice/dial-action',
  '/twilio/voice/recording',
  '/twilio/voice/voicemail',
  '/twilio/voice/wait-choice',
];

// Real field names with plausible, broken and hostile values: what a buggy proxy, a replay or
// an attacker who somehow holds the auth token could send.
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '-1', '1e9', 'NaN', '99999999999', 'hangup', 'completed', 'bridged', 'in-progress', 'outbound-dial', "'; drop table calls; --", '\u0000', '%00', DEMO_NUMBERS.northRadio, '+1'),
  fc.constant(newSid('CA')),
  fc.constant(newSid('RE')),
  fc.integer().map(String),
);
const FIELDS = ['CallSid', 'AccountSid', 'From', 'To', 'CallStatus', 'Direction', 'QueueResult', 'QueueTime', 'QueueSid', 'CallDuration', 'ParentCallSid', 'DialCallStatus', 'DialCallSid', 'DialCallDuration', 'RecordingSid', 'RecordingUrl', 'RecordingStatus', 'DequeingCallSid', 'ForwardedFrom', 'Digits', 'Timestamp', 'CallerName'];
const ACCOUNT_SID = newSid('AC');
// Most bodies carry valid SIDs so the fuzzing reaches the database, not just the schema.
const body = fc
  .tuple(fc.constantFrom(...Array.from({ length: 5 }, () => newSid('CA'))), fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 10 }))
  .map(([callSid, fuzzed]) => ({ CallSid: callSid, AccountSid: ACCOUNT_SID, ...fuzzed }));

describe.each(BACKENDS)('malformed webhooks on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(() => t?.close());

  async function counts() {
    const [r] = await t.db.query<Record<string, unknown>>(
      `select (select count(*) from leads) as leads, (select count(*) from changes) as changes,
              (select count(*) from audit_events) as audit, (select count(*) from lead_calls) as links`,
    );
    return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]));
  }

  it('never answers 5xx and never leaves a lead without its history', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, async (path, params) => {
        const r = await t.carrier.post(path, params);
        expect(r.status, `${path} ${JSON.stringify(params)} -> ${r.body}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.length).toBeGreaterThan(5);
      }),
      { numRuns: 400 },
    );
    // Every lead that exists was written whole: a link to its call, a history entry and a change.
    const orphans = await t.db.query(
      `select l.id from leads l where not exists (select 1 from lead_calls c where c.lead_id = l.id)
          or not exists (select 1 from audit_events a where a.lead_id = l.id)
          or not exists (select 1 from changes ch where ch.lead_id = l.id)`,
    );
    expect(orphans).toEqual([]);
  });

  it('writes nothing for a rejected body', async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, async (path, params) => {
        const r = await t.carrier.post(path, { ...params, CallSid: 'not-a-sid' });
        expect(r.status).toBe(400);
      }),
      { numRuns: 60 },
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a NUL character anywhere with 400, not a database error', async () => {
    const r = await t.carrier.post('/twilio/voice/incoming', { CallSid: newSid('CA'), AccountSid: ACCOUNT_SID, From: '+1312\u00005550101', To: DEMO_NUMBERS.northRadio, CallStatus: 'ringing' });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/NUL/);
  });

  it('answers 4xx to a body that is not a form at all', async () => {
    const res = await fetch(`${t.url}/twilio/voice/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"CallSid":' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  // Any text at all, NUL and lone UTF-16 surrogates (unit 'binary' draws them) included.
  const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ud83d\ude00'));

  it('never answers 5xx whatever the parameter names: a NUL in a name is refused with 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, fc.dictionary(anyText, anyText, { maxKeys: 4 }), async (path, params, drawn) => {
        // A form carries UTF-8, where a lone surrogate becomes U+FFFD (as URLSearchParams sends it): sign what arrives.
        const wellFormed = (s: string) => s.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
        const extra = Object.fromEntries(Object.entries(drawn).map(([k, v]) => [wellFormed(k), wellFormed(v)]));
        const r = await t.carrier.post(path, { ...extra, ...params });
        expect(r.status, `${path} ${JSON.stringify(extra)} -> ${r.body}`).toBeLessThan(500);
        if (Object.keys(extra).some((k) => k.includes('\u0000'))) expect(r.status).toBe(400);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses JSON bodies of any shape with 4xx in the app\'s error body, never 5xx', async () => {
    const json = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(anyText, fc.oneof(anyText, fc.array(anyText, { maxLength: 3 }), fc.dictionary(anyText, anyText, { maxKeys: 3 }))),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), json, async (path, value) => {
        const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
        const text = await res.text();
        expect(res.status, `${path} ${text}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${text}`).toBeLessThan(500);
        expect(JSON.parse(text)).toMatchObject({ error: 'invalid_request' });
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a softphone identity that decodes to NUL or to bytes that are not UTF-8, without a 5xx', async () => {
    const hex = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((b) => Buffer.from(b).toString('hex'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(hex, fc.constantFrom('00', '7500', 'ff', 'c3', 'eda080', '752d6176610000')), async (h) => {
        const r = await t.carrier.post('/twilio/voice/client', { CallSid: newSid('CA'), AccountSid: ACCOUNT_SID, From: `client:agent_${h}`, CallStatus: 'ringing', leadId: 'lead-x' });
        expect(r.status, `${h} -> ${r.body}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a NUL in the query of a webhook URL with 400', async () => {
    const r = await t.carrier.post('/twilio/voice/queue-bridged?agentId=u-%00ava', { CallSid: newSid('CA'), AccountSid: ACCOUNT_SID, QueueSid: newSid('QU'), QueueTime: '3', DequeingCallSid: newSid('CA') });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(/NUL/) });
  });
});
