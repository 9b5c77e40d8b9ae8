/** A clock the test moves by hand; starts at the real time so timestamps look ordinary. */
export class FakeClock {
  private ms: number;
  constructor(start = Date.now()) {
    this.ms = start;
  }
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
  advanceMinutes(m: number): void {
    this.advance(m * 60_000);
  }
}
