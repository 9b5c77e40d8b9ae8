import { describe, expect, it } from 'vitest';
import { API_METHODS, ApiError, createApiDispatcher, type WorkstationHandlers } from '../../../shared';
import { guardedInvokeHandler, isTrustedSender } from '../../../electron/ipc-guard';

const handlers = Object.fromEntries(
  API_METHODS.map((m) => [m, async () => { throw new ApiError('not_found', `${m} reached`); }]),
) as unknown as WorkstationHandlers;
handlers.getSession = async () => null;

const handle = guardedInvokeHandler(createApiDispatcher(handlers));
const ours = { url: 'rebound://app/index.html', parent: null };

describe('IPC handlers', () => {
  it('answers our own top frame', async () => {
    expect(await handle({ senderFrame: ours }, 'getSession', {})).toEqual({ ok: true, value: null });
  });

  it('refuses a wrong sender before looking at the payload', async () => {
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/index.html', parent: null },
      { url: 'rebound://app.evil/index.html', parent: null },
      { url: 'rebound://app/index.html', parent: { url: 'rebound://app/' } },
      { url: 'not a url', parent: null },
      null,
    ]) {
      expect(await handle({ senderFrame: frame }, 'getSession', {})).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'This window may not use the desk services.' },
      });
    }
    expect(isTrustedSender(ours)).toBe(true);
  });

  it('refuses a malformed payload with the field that is wrong, and never calls the handler', async () => {
    const reply = await handle({ senderFrame: ours }, 'setLeadStatus', { leadId: 'l1', to: 'exploded' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid_request');
      expect(reply.error.message).toBe('To must be one of the offered choices.');
    }
    expect(await handle({ senderFrame: ours }, 42, {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await handle({ senderFrame: ours }, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
