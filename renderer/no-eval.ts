import { config } from 'zod';

/*
 * Imported first of all by main.tsx, before any schema is made or used: zod would probe for eval
 * (`new Function`) to compile its checks, which the Content-Security-Policy refuses (and the
 * console reports). It checks without compiling.
 */
config({ jitless: true });
