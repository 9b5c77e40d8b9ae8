import type { RouteHandlers } from './register-routes';
import type { ServerContext } from '../context';
import { usageCsv, voiceAgentActivity, voiceAgentUsage } from '../voice-agent/activity';

/** The desk-facing Voice Agent reads; refusals are `ActivityRefusal`s. */
export function voiceAgentDeskHandlers(ctx: ServerContext): Pick<RouteHandlers, 'voiceAgentActivity' | 'voiceAgentUsage' | 'exportVoiceAgentUsage'> {
  return {
    voiceAgentActivity: async ({ dayStart }, { principal }) => voiceAgentActivity(ctx, principal, new Date(dayStart)),
    voiceAgentUsage: async (r, { principal }) => voiceAgentUsage(ctx, principal, r),
    exportVoiceAgentUsage: async (r, { principal }) => {
      const rows = await voiceAgentUsage(ctx, principal, r);
      return { fileName: `voice-agent-usage-${r.from}-to-${r.to}.csv`, csv: usageCsv(rows) };
    },
  };
}
