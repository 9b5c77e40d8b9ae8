import type { VoiceAgentEngineConfig } from '../context';
import type { AgentEngine } from './conversation';
import { LlmEngine } from './llm-engine';
import { OfflineEngine } from './offline-engine';

/** The offline dialog by default; the language-model engine when the environment configures one. */
export function engineFor(config: VoiceAgentEngineConfig | undefined): AgentEngine {
  if (!config || config.kind === 'offline') return new OfflineEngine();
  return new LlmEngine(config);
}
