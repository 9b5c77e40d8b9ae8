import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../shared';
import type { ServerConfig } from './context';

const envSchema = z.object({
  REBOUND_HOST: z.string().default('127.0.0.1'),
  REBOUND_PORT: z.coerce.number().int().min(0).max(65535).default(4310),
  REBOUND_DATA_DIR: z.string().default('.data/server'),
  DATABASE_URL: z.string().optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  REBOUND_SIMULATED_SECRET: z.string().min(16).optional(),
  REBOUND_DEMO_CALLS_PER_MINUTE: z.coerce.number().min(0).max(6000).default(0),
  REBOUND_ACW_MINUTES_DEMO: z.coerce.number().int().min(0).max(120).default(1),
});

export type StartupConfig = {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  demoCallsPerMinute: number;
  demoAcwMinutes: number;
  server: ServerConfig;
};

/**
 * Settings from the environment, checked once at start with a clear message. With no Twilio
 * token the simulated carrier signs with a secret kept in the data folder, so every server
 * process sharing that folder (or REBOUND_SIMULATED_SECRET) agrees on it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): StartupConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Bad server settings: ${formatIssues(parsed.error)}`);
  const e = parsed.data;
  const dataDir = path.resolve(e.REBOUND_DATA_DIR);
  let token = e.TWILIO_AUTH_TOKEN ?? e.REBOUND_SIMULATED_SECRET;
  if (!token) {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'simulated-carrier-secret');
    if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
    token = readFileSync(file, 'utf8').trim();
  }
  return {
    host: e.REBOUND_HOST,
    port: e.REBOUND_PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    demoCallsPerMinute: e.REBOUND_DEMO_CALLS_PER_MINUTE,
    demoAcwMinutes: e.REBOUND_ACW_MINUTES_DEMO,
    server: {
      publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
      twilioAuthToken: token,
      telephonyMode: e.TWILIO_AUTH_TOKEN ? 'twilio' : 'simulated',
      sessionHours: 12,
      claimMinutes: 5,
    },
  };
}
