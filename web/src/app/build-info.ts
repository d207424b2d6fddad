/** Replaced at build time (vite.config.ts `define`): when this bundle was built. */
declare const __APP_BUILD__: string;

export const APP_BUILD: string = typeof __APP_BUILD__ === 'string' ? __APP_BUILD__ : 'dev';
