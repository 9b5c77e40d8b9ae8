import type { Statement } from 'better-sqlite3';
import type { CacheDb } from '../cache/open-cache';

const SLOTS = 8;

/**
 * The leads whose text contains a needle, looked up once in the trigram index (lead_text) and
 * kept in a temp table while the cache is unchanged. A screen with a text filter asks for its
 * counts and its page, then again on every sort, tab and clock tick: each would otherwise walk
 * the index for thousands of matches. A few slots, reused least recently first, hold the
 * needles a user flips between; the tables keep fixed names so prepared statements stay valid.
 */
export class TextHits {
  private readonly slots: { key: string | null; revision: number | null; used: number; empty: Statement; fill: Statement; forget: Statement; recheck: Statement }[] = [];
  private uses = 0;

  constructor(
    private readonly db: CacheDb,
    private readonly revision: (() => number) | null,
    /** The leads written since a revision, when the cache knows (LeadStore.writtenSince). */
    private readonly writtenSince: ((revision: number) => string[] | null) | null = null,
  ) {}

  /** The name of a table of rowids (`id`) whose `column` contains `needle` (3 characters or more). */
  table(column: 'name' | 'phone' | 'notes', needle: string): string {
    const key = `${column}:${needle}`;
    const revision = this.revision?.() ?? null;
    let i = this.slots.findIndex((s) => s.key === key);
    const fresh = i >= 0 && revision !== null && this.slots[i]!.revision === revision;
    if (i < 0) i = this.freeSlot();
    const slot = this.slots[i]!;
    slot.used = ++this.uses;
    const name = `temp.text_hits_${i}`;
    if (!fresh) {
      const query = `${column} : "${needle.replaceAll('"', '""')}"`;
      // After a sync that wrote a few leads, only those are looked at again: a screen with a
      // text filter is asked for again after every sync, and finding all its matches anew cost
      // as much as the rest of the screen's query.
      const written = slot.key === key && slot.revision !== null && revision !== null ? (this.writtenSince?.(slot.revision) ?? null) : null;
      if (written) {
        const ids = JSON.stringify(written);
        slot.forget.run(ids);
        slot.recheck.run({ ids, query });
      } else {
        slot.empty.run();
        slot.fill.run(query);
      }
      slot.key = key;
      slot.revision = revision;
    }
    return name;
  }

  private freeSlot(): number {
    if (this.slots.length < SLOTS) {
      const name = `temp.text_hits_${this.slots.length}`;
      this.db.exec(`create table if not exists ${name} (id integer primary key)`);
      this.slots.push({
        key: null, revision: null, used: 0,
        empty: this.db.prepare(`delete from ${name}`),
        fill: this.db.prepare(`insert into ${name} (id) select rowid from lead_text where lead_text match ?`),
        forget: this.db.prepare(`delete from ${name} where id in (select rowid from leads where id in (select value from json_each(?)))`),
        recheck: this.db.prepare(
          `insert or ignore into ${name} (id) select l.rowid from leads l
            where l.id in (select value from json_each(@ids))
              and exists (select 1 from lead_text t where t.lead_text match @query and t.rowid = l.rowid)`,
        ),
      });
      return this.slots.length - 1;
    }
    let oldest = 0;
    this.slots.forEach((s, i) => {
      if (s.used < this.slots[oldest]!.used) oldest = i;
    });
    return oldest;
  }
}
