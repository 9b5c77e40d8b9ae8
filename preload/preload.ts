// Runs sandboxed, before the page: exposes exactly two functions, and nothing of Electron.
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/api/ipc-channels';
import type { ApiEvent, ApiMethod, ApiTransport } from '../shared';

const transport = {
  invoke: (method: ApiMethod, payload: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, method, payload),
  subscribe(event: ApiEvent, listener: (payload: unknown) => void) {
    const handler = (_e: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies ApiTransport;

export const EXPOSED_KEYS = Object.keys(transport);
contextBridge.exposeInMainWorld('rebound', transport);
