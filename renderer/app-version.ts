declare const __REBOUND_VERSION__: string;

/** The product name and version, set from package.json when the renderer is bundled. */
export const APP_NAME = 'Rebound';
export const APP_VERSION: string = typeof __REBOUND_VERSION__ === 'string' ? __REBOUND_VERSION__ : 'dev';
