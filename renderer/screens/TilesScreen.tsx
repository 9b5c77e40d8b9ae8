import { Maximize2, Minimize2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, formatAge, formatSpeedToLead, formatIssues, reportRange, speedTargetSchema, type ApiResponse } from '../../shared';
import { api } from '../bridge/api';
import { useScreenZone } from '../components/zone';
import { useDesk } from '../state/store';
import { useDeskQuery } from '../state/use-desk-query';
import { VoiceAgentBoard } from '../components/VoiceAgentBoard';
import { useTheme } from '../ui/theme';

type Tile = ApiResponse<'queueTiles'>[number];

/**
 * Supervisors' wall: one tile per account, queue and campaign, updating as leads change. "Today"
 * is the account's day, as the report's Today preset counts it, so the two agree.
 */
export function TilesScreen() {
  // A new target arrives in the session: the tiles judge by it at once, not at the next tick.
  const targets = useDesk((s) => s.session?.accountSettings.map((a) => `${a.accountId}:${a.speedTargetMinutes}`).join(','));
  const zone = useScreenZone();
  const [now, setNow] = useState(Date.now());
  const [wall, setWall] = useState(false);
  const forceTheme = useTheme((s) => s.force);

  // The wall is always dark, and so is everything drawn over it (toasts, dialogs): the whole page
  // shows the dark theme while the wall is up, the person's own once it is down or left.
  useEffect(() => {
    forceTheme(wall ? 'dark' : null);
    return () => forceTheme(null);
  }, [wall, forceTheme]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  // Asked again once per change of the leads, as the clock moves and when a target changes; the tiles shown stay meanwhile.
  const tiles =
    useDeskQuery<Tile[]>(() => api.queueTiles({ dayStart: reportRange({ preset: 'today' }, new Date(), zone.timeZone).start.toISOString() }), {
      key: [now, zone.timeZone, targets],
      leads: true,
      keepWhileAsking: true,
      failure: 'The tiles could not be read.',
    }).data ?? [];

  // Entering the wall asks for full screen; leaving it ends full screen if the wall asked for it.
  const showWall = useCallback(async (next: boolean) => {
    setWall(next);
    if (next) await document.documentElement.requestFullscreen?.().catch(() => {});
    else if (document.fullscreenElement) await document.exitFullscreen().catch(() => {});
  }, []);

  // Esc leaves the wall, as it leaves full screen; so does leaving full screen by the browser's own
  // way. Listened to once per wall shown, not again at every render of the tiles.
  useEffect(() => {
    if (!wall) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') void showWall(false);
    };
    const onFullscreen = () => {
      if (!document.fullscreenElement) setWall(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
  }, [wall, showWall]);

  return (
    // The wall is always dark: a bright screen across the room tires everyone.
    <section aria-label="Queue Tiles" className={wall ? 'wall' : undefined} data-theme={wall ? 'dark' : undefined}>
      <div className="topline">
        <div>
          <h2>Queue Tiles</h2>
          <p className="hint" data-testid="tiles-zone">
            Today in {zone.label} ({zone.timeZone}), as the report counts it
          </p>
        </div>
        <button onClick={() => void showWall(!wall)} aria-pressed={wall}>
          {wall ? <Minimize2 className="icon" aria-hidden="true" /> : <Maximize2 className="icon" aria-hidden="true" />}
          {wall ? 'Leave wall mode' : 'Wall mode'}
        </button>
      </div>
      <VoiceAgentBoard wall={wall} zone={zone} />
      {!wall && <SpeedTargets />}
      <h2>Follow-up queues</h2>
      {tiles.length === 0 ? <p className="empty">No leads in your accounts yet.</p> : null}
      <div className="tiles queue-tiles">
        {tiles.map((t) => (
          <article key={`${t.accountId}|${t.queueName}|${t.campaignName}`} className={`tile speed-${t.speedState}`} data-speed={t.speedState} data-testid="tile" aria-label={`${t.accountName} ${t.queueName ?? 'No queue'} ${t.campaignName ?? 'No campaign'}`}>
            <header>
              <strong>{t.accountName}</strong>
              <span>
                {t.queueName ?? 'No queue'} · {t.campaignName ?? 'No campaign'}
              </span>
            </header>
            <dl>
              <div className={t.open > 0 ? 'big' : undefined}>
                <dt>Open</dt>
                <dd data-testid="tile-open">{t.open}</dd>
                <SplitByQueue total={t.open} secondChance={t.openSecondChance} testId="tile-open-split" />
              </div>
              <div className={t.cold > 0 ? 'big warn' : undefined}>
                <dt>Cold</dt>
                <dd data-testid="tile-cold">{t.cold}</dd>
                <SplitByQueue total={t.cold} secondChance={t.coldSecondChance} testId="tile-cold-split" />
              </div>
              <div>
                <dt>Oldest open</dt>
                <dd>{t.oldestOpenEndedAt ? formatAge(Date.parse(t.oldestOpenEndedAt), now) : '—'}</dd>
              </div>
              <div>
                <dt>Speed to lead (median today)</dt>
                <dd data-testid="tile-speed">{formatSpeedToLead(t.medianSpeedToLeadSeconds)}</dd>
              </div>
              <div className={`speed ${t.speedState}`} data-testid="tile-speed-target">
                <dt>Reached within {t.speedTargetMinutes} min today</dt>
                <dd>{share(t)}</dd>
                {t.waitingPastTarget > 0 && <dd className="breach">{t.waitingPastTarget} waiting past target</dd>}
              </div>
              <div className={t.repeatWaiting > 0 ? 'warn' : undefined}>
                <dt>Repeat callers waiting</dt>
                <dd data-testid="tile-repeat">{t.repeatWaiting}</dd>
              </div>
              <div>
                <dt>Recovered today (job booked)</dt>
                <dd data-testid="tile-recovered">{t.recoveredToday}</dd>
              </div>
              <div>
                <dt>Resolved without job today</dt>
                <dd data-testid="tile-resolved-without-job">{t.resolvedWithoutJobToday}</dd>
              </div>
              <div>
                <dt>Dismissed today</dt>
                <dd data-testid="tile-dismissed">{t.dismissedToday}</dd>
              </div>
            </dl>
          </article>
        ))}
      </div>
    </section>
  );
}

function share(t: Tile): string {
  const judged = t.inTargetToday + t.missedTargetToday;
  if (judged === 0) return '—';
  return `${Math.round((100 * t.inTargetToday) / judged)}% (${t.inTargetToday} of ${judged})`;
}

/** Supervisors set each account's speed-to-lead target here; every desk of the account judges by it at once. */
function SpeedTargets() {
  const session = useDesk((s) => s.session)!;
  const toast = useDesk((s) => s.toast);
  return (
    <details className="speed-targets">
      <summary>Speed-to-lead targets</summary>
      {session.accounts.map((a) => (
        <SpeedTargetForm
          key={`${a.id}:${session.accountSettings.find((s) => s.accountId === a.id)?.speedTargetMinutes}`}
          accountId={a.id}
          accountName={a.name}
          minutes={session.accountSettings.find((s) => s.accountId === a.id)?.speedTargetMinutes ?? 5}
          onSaved={(m) => toast({ id: crypto.randomUUID(), kind: 'info', title: `${a.name}: leads should be reached within ${m} min.` })}
        />
      ))}
    </details>
  );
}

function SpeedTargetForm({ accountId, accountName, minutes, onSaved }: { accountId: string; accountName: string; minutes: number; onSaved(m: number): void }) {
  const [value, setValue] = useState(String(minutes));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    const parsed = speedTargetSchema.safeParse({ accountId, minutes: Number(value) });
    if (!parsed.success) return setProblem(formatIssues(parsed.error));
    setBusy(true);
    try {
      const saved = await api.setSpeedTarget(parsed.data);
      setProblem(null);
      onSaved(saved.minutes);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'Saving failed.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline" noValidate aria-label={`Speed-to-lead target of ${accountName}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label>
        {accountName}: reach leads within{' '}
        <input aria-label={`Target minutes for ${accountName}`} type="number" min={1} max={1440} value={value} onChange={(e) => setValue(e.target.value)} size={4} /> min
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
      {problem && <span className="error" role="alert">{problem}</span>}
    </form>
  );
}

/**
 * A tile counts both follow-up lists of its queue and campaign; the Abandoned Calls and Second
 * Chance Leads tabs count them apart, so a tile that mixes them says how many of each.
 */
function SplitByQueue({ total, secondChance, testId }: { total: number; secondChance: number; testId: string }) {
  if (secondChance === 0) return null;
  return (
    <dd className="split" data-testid={testId}>
      {total > secondChance && <span>{total - secondChance} abandoned</span>} <span>{secondChance} second chance</span>
    </dd>
  );
}
