import type { VoiceAgentEngineConfig } from '../context';
import type { AgentEngine } from './conversation';
import { OfflineEngine } from './offline-engine';

export function engineFor(config: VoiceAgentEngineConfig | undefined): AgentEngine {
  if (!config || config.kind === 'offline') return new OfflineEngine();
  return new OfflineEngine();
}
