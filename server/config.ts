import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ServerConfig, VoiceAgentEngineConfig, VoiceCredentials } from './context';
import { ensureWritableDir } from './store/data-dir';

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
  REBOUND_DEMO_VOICE_AGENT_SPIKE_MINUTES: z.coerce.number().min(0).max(1440).default(0),
  REBOUND_VOICE_AGENT_ENGINE: z.enum(['offline', 'llm']).default('offline'),
  VOICE_AGENT_LLM_BASE_URL: z.url().optional(),
  VOICE_AGENT_LLM_API_KEY: z.string().min(1).optional(),
  VOICE_AGENT_LLM_MODEL: z.string().min(1).max(200).optional(),
  VOICE_AGENT_LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
  /** Proxies whose X-Forwarded-For names the client: addresses or CIDRs, comma-separated. */
  REBOUND_TRUST_PROXY: z.string().default('loopback'),
  /** `1`: seed the demo tenants and users into an empty database (npm start sets it). */
  REBOUND_DEMO: z.enum(['0', '1', '']).default('0'),
  /** A production database with nobody in it gets this first admin (password optional: a one-time code otherwise). */
  REBOUND_ADMIN_EMAIL: z.string().optional(),
  REBOUND_ADMIN_NAME: z.string().optional(),
  REBOUND_ADMIN_PASSWORD: z.string().optional(),
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
  demoVoiceAgentSpikeMinutes: number;
  trustProxy: string[];
  demo: boolean;
  firstAdmin: { email: string; name?: string; password?: string } | null;
  server: ServerConfig;
};

/** A setting the server cannot start with: said in one line at start, never as a stack. */
export class ConfigError extends Error {}

const settingProblem = (i: z.core.$ZodIssue): string => {
  const choices = i.code === 'invalid_value' ? ` (${i.values.map((v) => JSON.stringify(v)).join(', ')})` : '';
  return `${i.path.join('.')} ${i.message.replace(/\.$/, '')}${choices}`;
};

/**
 * Settings from the environment, checked once at start with a clear message. With no Twilio
 * token the simulated carrier signs with a secret kept in the data folder, so every server
 * process sharing that folder (or REBOUND_SIMULATED_SECRET) agrees on it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): StartupConfig {
  const parsed = envSchema.safeParse(env);
  // Named as set in the environment (REBOUND_DEMO, not "Rebound demo"): the reader edits that line.
  if (!parsed.success) throw new ConfigError(`Bad server settings: ${parsed.error.issues.map(settingProblem).join('; ')}.`);
  const e = parsed.data;
  const dataDir = path.resolve(e.REBOUND_DATA_DIR);
  let token = e.TWILIO_AUTH_TOKEN ?? e.REBOUND_SIMULATED_SECRET;
  if (!token) {
    ensureWritableDir(dataDir);
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
    demoVoiceAgentSpikeMinutes: e.REBOUND_DEMO_VOICE_AGENT_SPIKE_MINUTES,
    demo: e.REBOUND_DEMO === '1',
    firstAdmin: e.REBOUND_ADMIN_EMAIL ? { email: e.REBOUND_ADMIN_EMAIL, name: e.REBOUND_ADMIN_NAME, password: e.REBOUND_ADMIN_PASSWORD } : null,
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
      voiceAgentEngine: voiceAgentEngine(e),
    },
  };
}

/** The language-model engine needs its endpoint and model; without them the offline dialog answers. */
function voiceAgentEngine(e: z.infer<typeof envSchema>): VoiceAgentEngineConfig {
  if (e.REBOUND_VOICE_AGENT_ENGINE === 'offline') return { kind: 'offline' };
  if (!e.VOICE_AGENT_LLM_BASE_URL || !e.VOICE_AGENT_LLM_MODEL) {
    throw new ConfigError('Bad server settings: REBOUND_VOICE_AGENT_ENGINE=llm needs VOICE_AGENT_LLM_BASE_URL and VOICE_AGENT_LLM_MODEL (and usually VOICE_AGENT_LLM_API_KEY).');
  }
  return { kind: 'llm', baseUrl: e.VOICE_AGENT_LLM_BASE_URL, apiKey: e.VOICE_AGENT_LLM_API_KEY ?? null, model: e.VOICE_AGENT_LLM_MODEL, timeoutMs: e.VOICE_AGENT_LLM_TIMEOUT_MS };
}

/**
 * With no Twilio account the softphone still gets a real, verifiable token: SIDs derived from
 * the simulated carrier's secret (stable across restarts), signed with that secret.
 */
export function simulatedVoiceCredentials(secret: string, tokenTtlSeconds = 600): VoiceCredentials {
  const sid = (prefix: string) => prefix + createHash('sha256').update(`${prefix}:${secret}`).digest('hex').slice(0, 32);
  return { accountSid: sid('AC'), apiKeySid: sid('SK'), apiKeySecret: secret, twimlAppSid: sid('AP'), tokenTtlSeconds };
}
