import { useEffect, useState } from 'react';
import type { ApiResponse } from '../../shared';
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
      <h2>Follow-up queues</h2>
      {tiles.length === 0 ? <p className="empty">No leads in your accounts yet.</p> : null}
      <div className="tiles">
        {tiles.map((t) => (
          <article key={`${t.accountId}|${t.queueName}|${t.campaignName}`} className="tile" data-testid="tile" aria-label={`${t.accountName} ${t.queueName ?? 'No queue'} ${t.campaignName ?? 'No campaign'}`}>
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
