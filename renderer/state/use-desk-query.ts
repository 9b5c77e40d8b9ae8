import { useCallback, useEffect, useRef, useState } from 'react';
import { LatestAnswer, NOTHING_ASKED, type QueryState } from './latest-answer';
import { useDesk } from './store';

export type DeskQuery<T> = QueryState<T> & {
  /** Asks the same question again now (after a save, say), keeping the answer shown meanwhile. */
  reload: () => void;
};

export type DeskQueryOptions<T> = {
  /** What is asked, compared by value: when it changes, the question is asked anew. */
  key: unknown;
  /** Ask again once per change of the desk's leads (`leadsChanged`), keeping the answer shown meanwhile. */
  leads?: boolean;
  /** Ask again this often, keeping the answer shown meanwhile (for what moves without an event). */
  everyMs?: number;
  /**
   * Keep the previous question's answer shown until the new one arrives (a drawer moving to
   * the next lead, counts under a new filter). By default it goes at once.
   */
  keepWhileAsking?: boolean;
  /** What to say when a failure has no reason of its own. */
  failure: string;
  /** Told of each answer as it shows, to reset what goes with it in the same drawing (a list's pages with its counts). */
  onAnswer?: (data: T) => void;
};

/**
 * One query of the desk's typed API for a screen: asked when the screen shows and whenever its
 * `key` changes, again once per leads change and on a timer when asked to, with the answers to
 * questions no longer asked dropped (latest-answer.ts). `ask` null: nothing to ask yet.
 */
export function useDeskQuery<T>(ask: (() => Promise<T>) | null, o: DeskQueryOptions<T>): DeskQuery<T> {
  const [state, setState] = useState<QueryState<T>>(ask ? { ...NOTHING_ASKED, loading: true } : NOTHING_ASKED);
  const onAnswer = useRef(o.onAnswer);
  onAnswer.current = o.onAnswer;
  const runner = useRef<LatestAnswer<T> | null>(null);
  runner.current ??= new LatestAnswer<T>(setState, o.failure, (data) => onAnswer.current?.(data));
  // The question as of this render: the effect below reads it when its key, the leads or the timer say to ask.
  const question = useRef(ask);
  question.current = ask;
  const revision = useDesk((s) => (o.leads ? s.revision : 0));
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(o.key ?? null);
  const asked = useRef<string | null>(null);
  const enabled = ask !== null;

  useEffect(() => {
    const q = question.current;
    const fresh = asked.current !== key && !o.keepWhileAsking;
    asked.current = key;
    if (q) runner.current!.ask(q, fresh);
    else runner.current!.clear();
  }, [key, enabled, revision, tick, o.keepWhileAsking]);

  useEffect(() => {
    if (!o.everyMs) return;
    const t = setInterval(() => setTick((n) => n + 1), o.everyMs);
    return () => clearInterval(t);
  }, [o.everyMs, key]);

  useEffect(() => () => runner.current?.stop(), []);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
