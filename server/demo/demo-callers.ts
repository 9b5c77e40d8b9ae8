/*
 * Demo callers: each number has its own name, kept for every call from it, written as people
 * write names (not a carrier's capitals).
 */
const FIRST = ['Dana', 'Pat', 'Morgan', 'Jamie', 'Taylor', 'Casey', 'Riley', 'Jordan', 'Avery', 'Quinn', 'Reese', 'Drew', 'Hayden', 'Rowan', 'Sage', 'Elliot', 'Harper', 'Logan', 'Parker', 'Emerson'];
const LAST = ['Whitfield', 'Lee', 'Hale', 'Ross', 'Kim', 'Price', 'Nguyen', 'Okafor', 'Garcia', 'Novak', 'Schmidt', 'Patel', 'Brennan', 'Lindqvist', 'Moreau', 'Tanaka', 'Alvarez', 'Carter', 'Dubois', 'Fischer'];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

export type DemoCaller = { from: string; name: string | undefined };

export class DemoCallers {
  private readonly names = new Map<string, string | undefined>();
  private readonly used = new Set<string>();

  /**
   * A new caller: a number nobody used yet, with a name nobody has (or none, as some callers
   * withhold it; never when `named`, for a caller who will say their name).
   */
  next(opts: { named?: boolean } = {}): DemoCaller {
    let from: string;
    do from = `+1${pick(['312', '773', '404', '678'])}555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
    while (this.names.has(from));
    let name: string | undefined;
    if (opts.named || Math.random() < 0.85) {
      for (let i = 0; i < 20 && (!name || this.used.has(name)); i++) name = `${pick(FIRST)} ${pick(LAST)}`;
      this.used.add(name!);
    }
    this.names.set(from, name);
    return { from, name };
  }

  /** The same caller again (a repeat call): the same name. */
  again(from: string): DemoCaller {
    return { from, name: this.names.get(from) };
  }
}

/**
 * The server's one source of demo callers: the seeded history, the demo traffic and the Voice
 * Agent spikes draw from it, so a name is never given to two numbers across them (the walk found
 * one name on two numbers when each kept its own).
 */
export const DEMO_CALLERS = new DemoCallers();
