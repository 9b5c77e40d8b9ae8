import type { AvailableNumber, NumberSearch } from '../../shared';
import type { NumberInventory } from './inventory';

const PAGE = 20;
const TOLL_FREE = ['800', '833', '844', '855', '866', '877', '888'];
/** A few ZIP codes of the demo's cities; an unknown ZIP simply finds nothing, as a real search may. */
const ZIP_AREA: Record<string, { area: string; locality: string; region: string }> = {
  '60601': { area: '312', locality: 'Chicago', region: 'IL' },
  '60614': { area: '773', locality: 'Chicago', region: 'IL' },
  '30301': { area: '404', locality: 'Atlanta', region: 'GA' },
  '30060': { area: '678', locality: 'Marietta', region: 'GA' },
  '10001': { area: '212', locality: 'New York', region: 'NY' },
  '94105': { area: '415', locality: 'San Francisco', region: 'CA' },
};
const AREA_PLACE: Record<string, { locality: string; region: string }> = Object.fromEntries(
  Object.values(ZIP_AREA).map((z) => [z.area, { locality: z.locality, region: z.region }]),
);

/**
 * A deterministic stand-in for Twilio's number search: the same query always lists the same
 * numbers (so tests and demos can rely on them), minus those already taken, 20 at a time.
 */
export class SimulatedInventory implements NumberInventory {
  async search(q: NumberSearch, taken: ReadonlySet<string>): Promise<{ numbers: AvailableNumber[]; next: string | null }> {
    const zip = q.zip ? ZIP_AREA[q.zip] : undefined;
    if (q.kind === 'local' && q.zip && !zip) return { numbers: [], next: null };
    const areas = q.kind === 'toll_free' ? TOLL_FREE : [q.areaCode ?? zip!.area];
    const start = Number(q.after ?? 0);
    const out: AvailableNumber[] = [];
    let i = start;
    for (; i < start + 5000 && out.length < PAGE; i++) {
      const area = areas[i % areas.length]!;
      const k = Math.floor(i / areas.length);
      const exchange = 200 + ((k * 37) % 800);
      const line = String((k * 7919 + 1234) % 10000).padStart(4, '0');
      const national = `${area}${exchange}${line}`;
      const e164 = `+1${national}`;
      if (taken.has(e164) || (q.contains && !national.includes(q.contains))) continue;
      const place = q.kind === 'local' ? (zip ?? AREA_PLACE[area] ?? null) : null;
      out.push({ e164, locality: place?.locality ?? null, region: place?.region ?? null, tollFree: q.kind === 'toll_free' });
    }
    return { numbers: out, next: out.length === PAGE ? String(i) : null };
  }

  async purchase(): Promise<void> {
    // Nothing to buy: the simulated carrier routes any number the database knows.
  }
}
