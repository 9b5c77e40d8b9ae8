import { ApiError } from '../../shared';

/** A desk query's answer as a screen shows it. */
export type QueryState<T> = {
  /** The latest answer to the question (kept while it is asked again, and when asking again fails). */
  data: T | null;
  /** Why the latest asking failed, in the user's words; cleared by the next answer. */
  error: string | null;
  /** Asking, with no answer to show yet (asking again behind an answer shown is silent). */
  loading: boolean;
};

export const NOTHING_ASKED: QueryState<never> = { data: null, error: null, loading: false };

/**
 * Asks a question of the desk one asking at a time: only the latest asking's answer (or failure)
 * is published, so an answer to a question no longer asked (a filter changed, the lead closed,
 * the screen left) never shows. Plain TypeScript, so the rule is tested without a browser; the
 * screens use it through `useDeskQuery`.
 */
export class LatestAnswer<T> {
  private asked = 0;
  private state: QueryState<T> = NOTHING_ASKED;

  constructor(
    private readonly publish: (s: QueryState<T>) => void,
    /** What to say when a failure has no reason of its own. */
    private readonly failure: string,
    /** Told of each answer that shows, just before it does (so a screen can reset what goes with it in the same drawing). */
    private readonly answered: (data: T) => void = () => {},
  ) {}

  /**
   * Asks (again). `fresh`: a different question, so the answer shown goes at once (one question's
   * answer never shows under another); otherwise it stays until the new one arrives, and the
   * screen is not drawn again until then (a list re-asked on every change of the leads).
   */
  ask(question: () => Promise<T>, fresh: boolean): void {
    const n = ++this.asked;
    if (fresh) this.set({ data: null, error: null, loading: true });
    else if (this.state.data === null && !this.state.loading) this.set({ ...this.state, loading: true });
    question().then(
      (data) => {
        if (n !== this.asked) return;
        this.answered(data);
        this.set({ data, error: null, loading: false });
      },
      (err: unknown) => n === this.asked && this.set({ ...this.state, error: err instanceof ApiError ? err.message : this.failure, loading: false }),
    );
  }

  /** Nothing to ask now (e.g. a range not yet complete): no answer shows, and none in flight will. */
  clear(): void {
    this.asked++;
    this.set(NOTHING_ASKED);
  }

  /** The screen went away: whatever is in flight is dropped. */
  stop(): void {
    this.asked++;
  }

  private set(s: QueryState<T>): void {
    this.state = s;
    this.publish(s);
  }
}
