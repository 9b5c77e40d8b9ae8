import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared';
import { LatestAnswer, type QueryState } from '../../../renderer/state/latest-answer';

/** A question whose answer the test releases when it wants, to play answers arriving out of order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { ask: () => promise, resolve, reject };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('a desk query shows only the latest answer', () => {
  function runner() {
    const shown: QueryState<string>[] = [];
    const r = new LatestAnswer<string>((s) => shown.push(s), 'The list could not be loaded.');
    return { r, last: () => shown.at(-1)!, shown };
  }

  it('drops the answer to a question no longer asked, even when it arrives last', async () => {
    const answered: string[] = [];
    const shown: QueryState<string>[] = [];
    const r = new LatestAnswer<string>((s) => shown.push(s), 'The list could not be loaded.', (a) => answered.push(a));
    const last = () => shown.at(-1)!;
    const north = deferred<string>();
    const south = deferred<string>();
    r.ask(north.ask, true);
    r.ask(south.ask, true);
    south.resolve('south');
    await settle();
    north.resolve('north');
    await settle();
    expect(last()).toEqual({ data: 'south', error: null, loading: false });
    expect(answered).toEqual(['south']);
  });

  it('clears the answer at once for a new question, and keeps it while the same one is asked again', async () => {
    const { r, last, shown } = runner();
    const first = deferred<string>();
    r.ask(first.ask, true);
    first.resolve('3 open');
    await settle();
    const published = shown.length;
    r.ask(deferred<string>().ask, false);
    expect(shown.length).toBe(published); // asked again silently: the screen is not drawn again
    expect(last()).toEqual({ data: '3 open', error: null, loading: false });
    r.ask(deferred<string>().ask, true);
    expect(last()).toEqual({ data: null, error: null, loading: true });
  });

  it('says why asking failed, in the refusal’s words or the screen’s, and keeps the last answer', async () => {
    const { r, last } = runner();
    const ok = deferred<string>();
    r.ask(ok.ask, true);
    ok.resolve('tiles');
    await settle();
    const refused = deferred<string>();
    r.ask(refused.ask, false);
    refused.reject(new ApiError('offline', 'The server cannot be reached right now.'));
    await settle();
    expect(last()).toEqual({ data: 'tiles', error: 'The server cannot be reached right now.', loading: false });
    const broken = deferred<string>();
    r.ask(broken.ask, false);
    broken.reject(new TypeError('x is undefined'));
    await settle();
    expect(last().error).toBe('The list could not be loaded.');
  });

  it('publishes nothing more once the screen is gone, or once there is nothing to ask', async () => {
    const { r, shown, last } = runner();
    const late = deferred<string>();
    r.ask(late.ask, true);
    r.stop();
    const before = shown.length;
    late.resolve('late');
    await settle();
    expect(shown.length).toBe(before);
    const pending = deferred<string>();
    r.ask(pending.ask, true);
    r.clear();
    pending.resolve('too late');
    await settle();
    expect(last()).toEqual({ data: null, error: null, loading: false });
  });
});
