import type { AvailableNumber, NumberSearch } from '../../shared';

/**
 * Where new numbers come from: Twilio's available-numbers and incoming-numbers APIs with real
 * credentials, a simulated inventory without. The admin screens and their tests only ever see
 * this interface.
 */
export interface NumberInventory {
  search(q: NumberSearch, taken: ReadonlySet<string>): Promise<{ numbers: AvailableNumber[]; next: string | null }>;
  /** Buys the number and points its voice webhooks at this server. */
  purchase(e164: string, baseUrl: string): Promise<void>;
}
