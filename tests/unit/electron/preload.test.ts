import { describe, expect, it, vi } from 'vitest';

// Electron itself cannot run here; this fake records what the preload hands to it.
const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async () => ({ ok: true, value: null }));
const on = vi.fn();
const removeListener = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: { invoke, on, removeListener },
}));

describe('preload bridge', () => {
  it('exposes exactly invoke and subscribe under window.rebound, and nothing of Electron', async () => {
    await import('../../../preload/preload');
    expect(Object.keys(exposed)).toEqual(['rebound']);
    const api = exposed['rebound'] as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(api)).toEqual(['invoke', 'subscribe']);
    await api['invoke']!('getSession', {});
    expect(invoke).toHaveBeenCalledWith('rebound:invoke', 'getSession', {});
  });

  it('delivers only the subscribed event, and unsubscribes', async () => {
    await import('../../../preload/preload');
    const api = exposed['rebound'] as { subscribe(e: string, l: (p: unknown) => void): () => void };
    const got: unknown[] = [];
    const off = api.subscribe('connection', (p) => got.push(p));
    const handler = on.mock.calls.at(-1)![1] as (e: unknown, name: string, p: unknown) => void;
    handler({}, 'notification', { x: 1 });
    handler({}, 'connection', { state: 'online' });
    expect(got).toEqual([{ state: 'online' }]);
    off();
    expect(removeListener).toHaveBeenCalledWith('rebound:event', handler);
  });
});
