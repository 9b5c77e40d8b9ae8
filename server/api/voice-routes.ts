import { ApiError, type FollowUpKind } from '../../shared';
import { mayWork } from '../auth/principal';
import type { ServerContext } from '../context';
import { mintVoiceToken } from '../voice/access-token';
import type { SimulatedPhone } from '../demo/simulated-phone';
import type { RouteHandlers } from './register-routes';

type VoiceHandlers = Pick<RouteHandlers, 'getVoiceToken' | 'placeSimulatedCall' | 'hangUpSimulatedCall' | 'currentSimulatedCall' | 'answerSimulatedOffer'>;

/**
 * The softphone's server side: access tokens for the Voice SDK, and in simulated-carrier mode
 * the calls the server plays instead of Twilio (refusals are `SimulatedCallRefused`, a conflict).
 */
export function voiceHandlers(ctx: ServerContext, phone: SimulatedPhone): VoiceHandlers {
  const simulatedOnly = () => {
    if (ctx.config.telephonyMode !== 'simulated') throw new ApiError('conflict', 'Calls go through Twilio on this server, not the simulated carrier.');
  };
  return {
    getVoiceToken: async (_, { principal }) => {
      if (!ctx.config.voice) throw new ApiError('unavailable', 'The softphone is not set up on this server (Twilio API key and TwiML App missing).');
      const minted = mintVoiceToken(ctx.config.voice, principal.userId);
      return { mode: ctx.config.telephonyMode, token: minted.token, identity: minted.identity, expiresAt: minted.expiresAt.toISOString() };
    },
    placeSimulatedCall: async ({ leadId }, { principal }) => {
      simulatedOnly();
      // Refused here with the same answer for missing and forbidden, before any call is placed.
      const [lead] = await ctx.db.query<{ account_id: string; kind: FollowUpKind }>('select account_id, kind from leads where id = $1', [leadId]);
      if (!lead || !mayWork(principal, { accountId: lead.account_id, kind: lead.kind })) throw new ApiError('not_found', 'You cannot call this lead.');
      return phone.dial(principal, leadId);
    },
    hangUpSimulatedCall: async ({ callSid }, { principal }) => {
      simulatedOnly();
      // Hanging up a call that already ended is not an error: the agent's intent is met.
      phone.hangUp(principal, callSid);
      return { ok: true };
    },
    currentSimulatedCall: async (_, { principal }) => {
      simulatedOnly();
      return { call: phone.current(principal.userId) };
    },
    answerSimulatedOffer: async ({ callSid }, { principal }) => {
      simulatedOnly();
      await phone.answer(principal, callSid);
      return { ok: true };
    },
  };
}
