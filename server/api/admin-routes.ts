import type { RouteHandlers } from './register-routes';
import type { ServerContext } from '../context';
import type { NumberInventory } from '../phone-numbers/inventory';
import type { RouteCache } from '../telephony/route-cache';
import { listRouting, retireCampaign, retireQueue, saveCampaign, saveQueue, saveWorkflow } from '../admin/routing';
import { editNumber, listNumbers, saveNumber, searchNumbers } from '../admin/tracking-numbers';
import { listSclSettings, saveSclSettings } from '../admin/scl-settings';
import { saveSpeedTarget } from '../admin/speed-target';
import { flagLeftOutCall, leftOutCalls, sclQuality } from '../recovery/scl-review';
import { deleteRole, listUsersAndRoles, saveRole, saveUserAccess } from '../admin/users-and-roles';
import { addUser, setUserActive } from '../admin/user-lifecycle';
import { resetVoiceAgentAccount, saveJobTypes, saveVoiceAgent, voiceAgentOverview } from '../admin/voice-agent';
import { issueFieldServiceKey, listFieldServiceKeys } from '../field-service/keys';
import { listVoicemailPlans, saveVoicemailPlan } from '../admin/voicemail-plan';

type AdminRoute =
  | 'setSpeedTarget' | 'sclSettings' | 'saveSclSettings' | 'sclQuality' | 'sclLeftOut' | 'flagLeftOutCall' | 'usersAndRoles' | 'saveRole' | 'deleteRole' | 'saveUserAccess' | 'addUser' | 'setUserActive'
  | 'voiceAgentSettings' | 'saveVoiceAgentSettings' | 'resetVoiceAgentAccount' | 'saveJobTypes'
  | 'fieldServiceKeys' | 'issueFieldServiceKey' | 'voicemailPlans' | 'saveVoicemailPlan'
  | 'routing' | 'saveCampaign' | 'saveQueue' | 'retireCampaign' | 'retireQueue' | 'saveWorkflow' | 'trackingNumbers' | 'searchNumbers' | 'saveTrackingNumber' | 'editTrackingNumber';

/** The admin API's handlers; refusals are `AdminRefusal`s. */
export function adminHandlers(ctx: ServerContext, routes: RouteCache, inventory: NumberInventory): Pick<RouteHandlers, AdminRoute> {
  /** Committed: this process's next call must route by it (others hear the NOTIFY). */
  const thenReroute = async <T>(out: Promise<T>): Promise<T> => {
    const done = await out;
    routes.clear();
    return done;
  };
  return {
    sclSettings: async (_, { principal }) => listSclSettings(ctx, principal),
    saveSclSettings: async (s, { principal }) => thenReroute(saveSclSettings(ctx, principal, s)),

    setSpeedTarget: async (t, { principal }) => saveSpeedTarget(ctx, principal, t),
    sclQuality: async (_, { principal }) => sclQuality(ctx, principal),
    sclLeftOut: async (_, { principal }) => leftOutCalls(ctx, principal),
    flagLeftOutCall: async ({ callSid }, { principal }) => flagLeftOutCall(ctx, principal, callSid),

    usersAndRoles: async (_, { principal }) => listUsersAndRoles(ctx, principal),
    saveRole: async (r, { principal }) => thenReroute(saveRole(ctx, principal, r)),
    deleteRole: async ({ roleId }, { principal }) => thenReroute(deleteRole(ctx, principal, roleId)),
    saveUserAccess: async (a, { principal }) => thenReroute(saveUserAccess(ctx, principal, a)),
    addUser: async (u, { principal }) => thenReroute(addUser(ctx, principal, u)),
    setUserActive: async ({ userId, active }, { principal }) => thenReroute(setUserActive(ctx, principal, userId, active)),

    voiceAgentSettings: async (_, { principal }) => voiceAgentOverview(ctx, principal),
    saveVoiceAgentSettings: async (v, { principal }) => thenReroute(saveVoiceAgent(ctx, principal, v)),
    resetVoiceAgentAccount: async ({ accountId }, { principal }) => thenReroute(resetVoiceAgentAccount(ctx, principal, accountId)),
    saveJobTypes: async (j, { principal }) => thenReroute(saveJobTypes(ctx, principal, j)),

    routing: async (_, { principal }) => listRouting(ctx, principal),
    saveCampaign: async (c, { principal }) => thenReroute(saveCampaign(ctx, principal, c)),
    saveQueue: async (q, { principal }) => thenReroute(saveQueue(ctx, principal, q)),
    retireCampaign: async (r, { principal }) => thenReroute(retireCampaign(ctx, principal, r)),
    retireQueue: async (r, { principal }) => thenReroute(retireQueue(ctx, principal, r)),
    saveWorkflow: async (w, { principal }) => thenReroute(saveWorkflow(ctx, principal, w)),

    trackingNumbers: async (_, { principal }) => listNumbers(ctx, principal),
    searchNumbers: async (q, { principal }) => thenReroute(searchNumbers(ctx, principal, inventory, q)),
    saveTrackingNumber: async (n, { principal, req }) =>
      thenReroute(saveNumber(ctx, principal, inventory, (ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, ''), n)),
    editTrackingNumber: async (n, { principal }) => thenReroute(editNumber(ctx, principal, n)),

    voicemailPlans: async (_, { principal }) => listVoicemailPlans(ctx, principal),
    saveVoicemailPlan: async (v, { principal }) => saveVoicemailPlan(ctx, principal, v),
    fieldServiceKeys: async (_, { principal }) => listFieldServiceKeys(ctx, principal),
    issueFieldServiceKey: async ({ accountId }, { principal }) => issueFieldServiceKey(ctx, principal, accountId),
  };
}
