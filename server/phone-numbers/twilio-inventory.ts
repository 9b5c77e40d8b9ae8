import twilio from 'twilio';
import type { AvailableNumber, NumberSearch } from '../../shared';
import type { NumberInventory } from './inventory';

const PAGE = 20;

/**
 * Twilio's number inventory: AvailablePhoneNumbers to search, IncomingPhoneNumbers to buy and
 * point the number's voice webhooks at this server. Not exercised by the test suite (it needs
 * a Twilio account); it sits behind the same interface as the simulated inventory.
 */
export class TwilioInventory implements NumberInventory {
  private readonly client: ReturnType<typeof twilio>;
  constructor(accountSid: string, apiKeySid: string, apiKeySecret: string) {
    this.client = twilio(apiKeySid, apiKeySecret, { accountSid });
  }

  async search(q: NumberSearch, taken: ReadonlySet<string>): Promise<{ numbers: AvailableNumber[]; next: string | null }> {
    const country = this.client.availablePhoneNumbers('US');
    const skip = Number(q.after ?? 0);
    const filters = {
      ...(q.areaCode ? { areaCode: Number(q.areaCode) } : {}),
      ...(q.zip ? { inPostalCode: q.zip } : {}),
      ...(q.contains ? { contains: q.contains } : {}),
      voiceEnabled: true,
      limit: skip + PAGE,
    };
    const found = q.kind === 'toll_free' ? await country.tollFree.list(filters) : await country.local.list(filters);
    const numbers = found
      .slice(skip)
      .filter((n) => !taken.has(n.phoneNumber))
      .map((n) => ({ e164: n.phoneNumber, locality: n.locality || null, region: n.region || null, tollFree: q.kind === 'toll_free' }));
    return { numbers, next: found.length === skip + PAGE ? String(skip + PAGE) : null };
  }

  async purchase(e164: string, baseUrl: string): Promise<void> {
    await this.client.incomingPhoneNumbers.create({
      phoneNumber: e164,
      voiceUrl: `${baseUrl}/twilio/voice/incoming`,
      voiceMethod: 'POST',
      statusCallback: `${baseUrl}/twilio/voice/status`,
      statusCallbackMethod: 'POST',
    });
  }
}
