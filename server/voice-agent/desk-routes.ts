import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatIssues, voiceAgentDayRequestSchema, voiceAgentUsageRequestSchema } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { ActivityRefusal, usageCsv, voiceAgentActivity, voiceAgentUsage } from './activity';

/** The desk-facing Voice Agent reads, inside the authenticated scope. */
export function voiceAgentDeskRoutes(app: FastifyInstance, ctx: ServerContext, who: (req: FastifyRequest) => Principal): void {
  const refused = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof ActivityRefusal)) throw err;
    return reply.code(err.status).send({ error: err.status === 403 ? 'forbidden' : 'invalid_request', message: err.message });
  };

  app.post('/api/voice-agent/activity', async (req, reply) => {
    const r = voiceAgentDayRequestSchema.safeParse(req.body ?? {});
    if (!r.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
    try {
      return await voiceAgentActivity(ctx, who(req), new Date(r.data.dayStart));
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.post('/api/admin/voice-agent/usage', async (req, reply) => {
    const r = voiceAgentUsageRequestSchema.safeParse(req.body ?? {});
    if (!r.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
    try {
      return await voiceAgentUsage(ctx, who(req), r.data);
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.post('/api/admin/voice-agent/usage/csv', async (req, reply) => {
    const r = voiceAgentUsageRequestSchema.safeParse(req.body ?? {});
    if (!r.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
    try {
      const rows = await voiceAgentUsage(ctx, who(req), r.data);
      return { fileName: `voice-agent-usage-${r.data.from}-to-${r.data.to}.csv`, csv: usageCsv(rows) };
    } catch (err) {
      return refused(reply, err);
    }
  });
}
