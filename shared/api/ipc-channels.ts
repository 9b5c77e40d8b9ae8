/** The two IPC channels between Electron's preload and its main process. */
export const INVOKE_CHANNEL = 'rebound:invoke';
export const EVENT_CHANNEL = 'rebound:event';
