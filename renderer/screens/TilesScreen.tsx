import { useEffect, useState } from 'react';
import { ApiError, formatIssues, speedTargetSchema, type ApiResponse } from '../../shared';
import { api } from '../bridge/api';
import { speed } from '../components/format';
import { useDesk } from '../state/store';
import { VoiceAgentBoard } from '../components/VoiceAgentBoard';

type Tile = ApiResponse<'queueTiles'>[number];

function minutes(fromIso: string | null, now: number): string {
  if (!fromIso) return '—';
  const m = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Supervisors' wall: one tile per account, queue and campaign, updating as leads change. */
export function TilesScreen() {
  const revision = useDesk((s) => s.revision);
  const [tiles, setTiles] = useState<Tile[]>([]);
  const [now, setNow] = useState(Date.now());
  const [wall, setWall] = useState(false);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    const dayStart = new Date();
    dayStart.setHours(0, 0, 0, 0); // today in this desk's own time zone
    void api.queueTiles({ dayStart: dayStart.toISOString() }).then(setTiles);
  }, [revision, now]);

  async function toggleWall() {
    const next = !wall;
    setWall(next);
    if (next) await document.documentElement.requestFullscreen?.().catch(() => {});
    else if (document.fullscreenElement) await document.exitFullscreen().catch(() => {});
  }

  return (
    <section aria-label="Queue Tiles" className={wall ? 'wall' : undefined}>
      <div className="topline">
        <h2>Queue Tiles</h2>
        <button onClick={() => void toggleWall()} aria-pressed={wall}>
          {wall ? 'Leave wall mode' : 'Wall mode'}
        </button>
      </div>
      <VoiceAgentBoard wall={wall} />
      {!wall && <SpeedTargets />}
      <h2>Follow-up queues</h2>
      {tiles.length === 0 ? <p className="empty">No leads in your accounts yet.</p> : null}
      <div className="tiles">
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
              </div>
              <div className={t.cold > 0 ? 'big warn' : undefined}>
                <dt>Cold</dt>
                <dd>{t.cold}</dd>
              </div>
              <div>
                <dt>Oldest open</dt>
                <dd>{minutes(t.oldestOpenEndedAt, now)}</dd>
              </div>
              <div>
                <dt>Speed to lead (median today)</dt>
                <dd>{speed(t.medianSpeedToLeadSeconds)}</dd>
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
                <dt>Recovered today</dt>
                <dd>{t.recoveredToday}</dd>
              </div>
              <div>
                <dt>Dismissed today</dt>
                <dd>{t.dismissedToday}</dd>
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
    if (!parsed.success) return setProblem(formatIssues(parsed.error).replace(/^minutes: /, ''));
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
    <form className="inline" aria-label={`Speed-to-lead target of ${accountName}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
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
