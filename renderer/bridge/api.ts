import { createApiClient, type ApiTransport, type WorkstationApi } from '../../shared';
import { webSocketTransport } from './ws-transport';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser served by the web host. */
    rebound?: ApiTransport;
  }
}

/** The one API object the screens use, over IPC in Electron or the web host's WebSocket. */
export const api: WorkstationApi = createApiClient(window.rebound ?? webSocketTransport());
