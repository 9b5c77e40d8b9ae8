import { describe, expect, it } from 'vitest';
import {
  API_METHODS,
  ApiError,
  apiErrorFromHttp,
  createApiClient,
  createApiDispatcher,
  type ApiTransport,
  type WorkstationHandlers,
} from '../../../shared';

const session = {
  userId: 'u1',
  userName: 'Ava Chen',
  email: 'ava@example.com',
  serverUrl: 'http://127.0.0.1:4310',
  permissions: ['followups.abandoned.edit' as const],
  accounts: [{ id: 'acc-north', name: 'Northside' }],
  settings: { sclEnabled: true, sclColdDays: 3 },
  accountSettings: [],
  telephony: 'simulated' as const,
};

function handlers(overrides: Partial<WorkstationHandlers>): WorkstationHandlers {
  const missing = async () => {
    throw new ApiError('not_found', 'not in this fake');
  };
  return Object.fromEntries(API_METHODS.map((m) => [m, overrides[m] ?? missing])) as WorkstationHandlers;
}

/** A transport that serialises like IPC and a WebSocket do, so nothing passes by reference. */
function loopback(dispatch: ReturnType<typeof createApiDispatcher>, events: Map<string, Set<(p: unknown) => void>>): ApiTransport {
  return {
    invoke: async (method, payload) => JSON.parse(JSON.stringify(await dispatch(method, JSON.parse(JSON.stringify(payload ?? {}))))),
    subscribe(event, listener) {
      if (!events.has(event)) events.set(event, new Set());
      events.get(event)!.add(listener);
      return () => events.get(event)!.delete(listener);
    },
  };
}

describe('typed workstation API bridge', () => {
  it('carries a call and its validated answer across a serialising transport', async () => {
    const api = createApiClient(loopback(createApiDispatcher(handlers({ getSession: async () => session })), new Map()));
    await expect(api.getSession({})).resolves.toEqual(session);
  });

  it('refuses a bad request on the receiving side with a reason naming the field', async () => {
    let called = false;
    const dispatch = createApiDispatcher(
      handlers({
        signIn: async () => {
          called = true;
          return session;
        },
      }),
    );
    const reply = await dispatch('signIn', { email: 'not-an-email', password: '' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid_request');
      expect(reply.error.message).toMatch(/Email must be an email address/);
      expect(reply.error.message).toMatch(/Enter your password/);
      expect(reply.error.message).not.toMatch(/password:/);
    }
    expect(called).toBe(false);
  });

  it('refuses an unknown method, including inherited object keys', async () => {
    const dispatch = createApiDispatcher(handlers({}));
    expect(await dispatch('dropAllTables', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch('toString', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('turns a thrown ApiError into a typed error at the caller', async () => {
    const api = createApiClient(
      loopback(
        createApiDispatcher(
          handlers({
            setLeadStatus: async () => {
              throw new ApiError('conflict', 'A lead cannot go from Resolved to Dismissed.');
            },
          }),
        ),
        new Map(),
      ),
    );
    const err = await api.setLeadStatus({ leadId: 'l1', to: 'dismissed' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'conflict', message: 'A lead cannot go from Resolved to Dismissed.' });
  });

  it("carries a refusal's field errors to the caller, from the desk's own check and from the server", async () => {
    const api = createApiClient(
      loopback(
        createApiDispatcher(
          handlers({
            saveCampaign: async () => {
              // As the desk reads the server's 409 back (apiErrorFromHttp).
              throw apiErrorFromHttp(409, { error: 'conflict', message: '“Spring Radio” is already used in this account.', fields: { name: '“Spring Radio” is already used in this account.' } });
            },
          }),
        ),
        new Map(),
      ),
    );
    const refused = await api.saveCampaign({ accountId: 'acc-north', name: 'Spring Radio' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'conflict', fields: { name: '“Spring Radio” is already used in this account.' } });
    const invalid = await api.signIn({ email: 'not-an-email', password: 'x' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'invalid_request', fields: { email: 'Email must be an email address.' } });
  });

  it('rejects a malformed reply instead of passing it on', async () => {
    const api = createApiClient(
      loopback(createApiDispatcher(handlers({ getSession: async () => ({ ...session, permissions: ['root'] }) as never })), new Map()),
    );
    await expect(api.getSession({})).rejects.toMatchObject({ code: 'internal', message: /Malformed reply to getSession/ });
  });

  it('delivers valid events and drops malformed ones', async () => {
    const events = new Map<string, Set<(p: unknown) => void>>();
    const api = createApiClient(loopback(createApiDispatcher(handlers({})), events));
    const seen: unknown[] = [];
    const off = api.on('connection', (s) => seen.push(s.state));
    const emit = (p: unknown) => events.get('connection')!.forEach((l) => l(p));
    const quiet = console.error;
    console.error = () => {};
    try {
      emit({ state: 'offline', unsent: 2, lastSyncedAt: null });
      emit({ state: 'on fire', unsent: -1, lastSyncedAt: null });
    } finally {
      console.error = quiet;
    }
    off();
    emit({ state: 'online', unsent: 0, lastSyncedAt: null });
    expect(seen).toEqual(['offline']);
  });
});
