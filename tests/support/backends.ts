import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** `pglite-worker`: PGlite in its own thread (REBOUND_PGLITE_THREAD=worker), for suites that must hold there too. */
export type Backend = { name: 'pglite' | 'pglite-worker' | 'postgres'; url?: string };

const realUrl = process.env['TEST_DATABASE_URL'];

/** PGlite always; a real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = [{ name: 'pglite' }, ...(realUrl ? [{ name: 'postgres' as const, url: realUrl }] : [])];

export const REAL_POSTGRES_SKIP_REASON = realUrl
  ? null
  : 'TEST_DATABASE_URL is not set, so the real-PostgreSQL runs were skipped (PGlite ran)';

if (REAL_POSTGRES_SKIP_REASON) console.warn(`[rebound] ${REAL_POSTGRES_SKIP_REASON}`);

/** A new empty database on the real server, so test files never see each other's rows. */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rebound_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
