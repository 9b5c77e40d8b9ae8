import { checkCallbackHours, type WorkstationHandlers } from '../../shared';
import { shownLead } from '../leads/lead-reads';
import type { DeskSession } from '../session/desk-session';
import { customerTimeZones } from './customer-time-zones';

/** Whether calling a lead's customer back now falls in the account's callback hours, in the customer's time. */
export function callbackWindow(desk: DeskSession, clock: () => Date): Pick<WorkstationHandlers, 'callbackWindow'> {
  return {
    callbackWindow: async ({ leadId }) => {
      const o = desk.need();
      const { lead } = shownLead(o, leadId, clock());
      const settings = o.session.accountSettings.find((a) => a.accountId === lead.accountId);
      const hours = settings?.callbackHours ?? { startMinute: 8 * 60, endMinute: 20 * 60 };
      const { zones } = await customerTimeZones(lead.phone, settings?.timeZone ?? 'America/New_York');
      return { ...checkCallbackHours(clock(), zones, hours), timeZones: zones };
    },
  };
}
