import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

describe.each(BACKENDS)('error handling on $name', (backend) => {
  let t: TestServer;
  let admin: Desk;
  let ben: Desk;
  const log: string[] = [];
  let failSessions = false;

  beforeAll(async () => {
    t = await startTestServer(backend, { server: { logStream: { write: (line: string) => void log.push(line) } } });
    admin = await t.signIn('admin@rebound.example');
    ben = await t.signIn('ben@rebound.example');
    // A database fault the server did not expect: the session lookup fails with PostgreSQL's text.
    const query = t.db.query.bind(t.db);
    t.db.query = (async (sql: string, params?: unknown[]) => {
      if (failSessions && sql.includes('from sessions')) throw Object.assign(new Error('relation "sessions" does not exist'), { code: '42P01' });
      return query(sql, params);
    }) as typeof t.db.query;
  });
  afterAll(() => t?.close());

  it('answers a 5xx without database text, with a request id that is in the log', async () => {
    failSessions = true;
    const res = await admin.request('GET', '/api/session').finally(() => (failSessions = false));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.json)).not.toMatch(/relation|sessions|42P01/);
    expect(res.json.error).toBe('internal');
    const id = res.json.requestId as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/); // this start's prefix, then a counter
    expect(res.json.message).toContain(id);
    const line = log.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['reqId'] === id);
    expect(line).toBeDefined();
    expect(JSON.stringify(line)).toContain('relation \\"sessions\\" does not exist');
  });

  const nul = 'a\u0000b';
  const cases: [string, () => Promise<{ status: number; json: { error?: string; message?: string } }>][] = [
    ['a NUL in a lead id', () => ben.request('POST', '/api/sync/push', { clientId: 'desk-hardening-1', mutations: [{ id: 1, name: 'claim', args: { leadId: nul } }] })],
    ['a NUL in a client id', () => ben.request('POST', '/api/sync/pull', { clientId: `desk-${nul}-xyz`, cursor: 0 })],
    ['a NUL in a path parameter', () => admin.request('DELETE', '/api/admin/roles/role-%00x')],
    ['a NUL in a query string', () => admin.request('GET', '/api/admin/routing?x=%00')],
    ['a NUL in a role name', () => admin.request('POST', '/api/admin/roles', { name: `Ops${nul}`, permissions: [] })],
    ['a NUL in a field name', () => admin.request('POST', '/api/admin/roles', { name: 'Ops', permissions: [], [nul]: 1 })],
    ['half a surrogate pair in the Voice Agent greeting', () => admin.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: { greeting: 'Hi \uD800 there' } })],
    ['year 0000 in a report range', () => admin.request('POST', '/api/reports/unbooked-abandoned', { preset: 'custom', from: '0000-01-01', to: '0000-01-02' })],
    ['year 9999 in a report range', () => admin.request('POST', '/api/reports/unbooked-abandoned', { preset: 'custom', from: '9999-12-01', to: '9999-12-02' })],
    ['a day that does not exist', () => admin.request('POST', '/api/reports/unbooked-abandoned', { preset: 'custom', from: '2026-02-30', to: '2026-03-02' })],
    ['year 9999 in an appointment', () =>
      ben.request('POST', '/api/sync/push', {
        clientId: 'desk-hardening-1',
        mutations: [{ id: 2, name: 'bookJob', args: { leadId: 'x', jobId: '6f1c1c1e-3b7a-4c8e-9a51-2b1f0f4e8d11', jobTypeId: 'jt-north-drain', windowStart: '9999-12-31T10:00:00Z', windowEnd: '9999-12-31T12:00:00Z', customerName: 'Pat', address: '1 Main St' } }],
      })],
    ['year 0000 in an appointment', () =>
      ben.request('POST', '/api/sync/push', {
        clientId: 'desk-hardening-1',
        mutations: [{ id: 3, name: 'bookJob', args: { leadId: 'x', jobId: '6f1c1c1e-3b7a-4c8e-9a51-2b1f0f4e8d12', jobTypeId: 'jt-north-drain', windowStart: '0000-01-01T10:00:00Z', windowEnd: '0000-01-01T12:00:00Z', customerName: 'Pat', address: '1 Main St' } }],
      })],
  ];
  for (const [what, send] of cases) {
    it(`refuses ${what} with a 400 that names no database`, async () => {
      const res = await send();
      expect([what, res.status]).toEqual([what, 400]);
      expect(res.json.error).toBe('invalid_request');
      expect(JSON.stringify(res.json)).not.toMatch(/postgres|relation|syntax|byte sequence|out of range|0x00/i);
    });
  }
});
