import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../shared';
import type { ServerConfig, VoiceCredentials } from './context';

const envSchema = z.object({
  REBOUND_HOST: z.string().default('127.0.0.1'),
  REBOUND_PORT: z.coerce.number().int().min(0).max(65535).default(4310),
  REBOUND_DATA_DIR: z.string().default('.data/server'),
  DATABASE_URL: z.string().optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  REBOUND_SIMULATED_SECRET: z.string().min(16).optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/).optional(),
  TWILIO_API_KEY_SID: z.string().regex(/^SK[0-9a-f]{32}$/).optional(),
  TWILIO_API_KEY_SECRET: z.string().min(16).optional(),
  TWILIO_TWIML_APP_SID: z.string().regex(/^AP[0-9a-f]{32}$/).optional(),
  REBOUND_VOICE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
  REBOUND_SIMULATED_CALL_SPEED: z.coerce.number().min(0.1).max(1000).default(1),
  REBOUND_DEMO_CALLS_PER_MINUTE: z.coerce.number().min(0).max(6000).default(0),
  /** Proxies whose X-Forwarded-For names the client: addresses or CIDRs, comma-separated. */
  REBOUND_TRUST_PROXY: z.string().default('loopback'),
  REBOUND_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  REBOUND_ACW_MINUTES_DEMO: z.coerce.number().int().min(0).max(120).default(1),
});

export type StartupConfig = {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  demoCallsPerMinute: number;
  demoAcwMinutes: number;
  trustProxy: string[];
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
    trustProxy: e.REBOUND_TRUST_PROXY.split(',').map((x) => x.trim()).filter(Boolean),
    server: {
      publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
      twilioAuthToken: token,
      telephonyMode: e.TWILIO_AUTH_TOKEN ? 'twilio' : 'simulated',
      voice: e.TWILIO_AUTH_TOKEN
        ? e.TWILIO_ACCOUNT_SID && e.TWILIO_API_KEY_SID && e.TWILIO_API_KEY_SECRET && e.TWILIO_TWIML_APP_SID
          ? { accountSid: e.TWILIO_ACCOUNT_SID, apiKeySid: e.TWILIO_API_KEY_SID, apiKeySecret: e.TWILIO_API_KEY_SECRET, twimlAppSid: e.TWILIO_TWIML_APP_SID, tokenTtlSeconds: e.REBOUND_VOICE_TOKEN_TTL_SECONDS }
          : null
        : simulatedVoiceCredentials(token, e.REBOUND_VOICE_TOKEN_TTL_SECONDS),
      simulatedCallSpeed: e.REBOUND_SIMULATED_CALL_SPEED,
      sessionHours: 12,
      sessionIdleMinutes: e.REBOUND_SESSION_IDLE_MINUTES,
      claimMinutes: 5,
    },
  };
}

/**
 * With no Twilio account the softphone still gets a real, verifiable token: SIDs derived from
 * the simulated carrier's secret (stable across restarts), signed with that secret.
 */
export function simulatedVoiceCredentials(secret: string, tokenTtlSeconds = 600): VoiceCredentials {
  const sid = (prefix: string) => prefix + createHash('sha256').update(`${prefix}:${secret}`).digest('hex').slice(0, 32);
  return { accountSid: sid('AC'), apiKeySid: sid('SK'), apiKeySecret: secret, twimlAppSid: sid('AP'), tokenTtlSeconds };
}
