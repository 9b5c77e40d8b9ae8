import type { Db } from './store/db';

export type VoiceCredentials = {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** The TwiML App whose Voice URL answers the softphone's outgoing calls. */
  twimlAppSid: string;
  tokenTtlSeconds: number;
};

export type ServerConfig = {
  /** The address Twilio is configured with; signatures are checked against it, not the Host header. */
  publicBaseUrl: string | null;
  /** Twilio's auth token, or the simulated carrier's own secret when no credentials are set. */
  twilioAuthToken: string;
  telephonyMode: 'twilio' | 'simulated';
  /** What the softphone's access tokens are minted with; null when Twilio is set up without them. */
  voice: VoiceCredentials | null;
  /** Simulated-carrier mode: how many simulated call seconds pass per real second. */
  simulatedCallSpeed: number;
  /** A session ends this long after it was opened, however busy. */
  sessionHours: number;
  /** ...and this long after its last request. */
  sessionIdleMinutes: number;
  claimMinutes: number;
  /** A report export the desk stops reading is dropped after this long without progress (default 60 s). */
  exportWriteTimeoutMs?: number;
  /** The Voice Agent's brain: the offline dialog unless a language model is configured. */
  voiceAgentEngine?: VoiceAgentEngineConfig;
};

export type VoiceAgentEngineConfig = { kind: 'offline' } | { kind: 'llm'; baseUrl: string; apiKey: string | null; model: string; timeoutMs: number };

/** What every route and rule receives: the database, the clock and the settings. */
export type ServerContext = {
  db: Db;
  /** Injected so tests can move time (After Call Work Time, claims, Cold) without waiting. */
  clock: () => Date;
  config: ServerConfig;
};
