import { useEffect } from 'react';
import { can, expandPermissions, FOLLOW_UP_KIND_LABELS, type FollowUpKind } from '../shared';
import { api } from './bridge/api';
import { Bell } from './components/Bell';
import { ConnectionBadge } from './components/ConnectionBadge';
import { Toasts } from './components/Toasts';
import { QueueScreen } from './screens/QueueScreen';
import { TilesScreen } from './screens/TilesScreen';
import { SignIn } from './screens/SignIn';
import { useDesk } from './state/store';

export function App() {
  const { session, screen, show, setSession, setConnection, toast, notify, changed } = useDesk();

  useEffect(() => {
    void api.getSession({}).then(setSession);
    const offs = [
      api.on('session', setSession),
      api.on('connection', setConnection),
      api.on('leadsChanged', changed),
      api.on('notification', notify),
      api.on('mutationRejected', (r) => toast({ id: crypto.randomUUID(), kind: 'error', title: `Edit refused: ${r.reason}` })),
    ];
    return () => offs.forEach((off) => off());
  }, [setSession, setConnection, changed, toast, notify]);

  if (!session) return <SignIn />;
  const perms = expandPermissions(session.permissions);
  // A queue the user may not work is absent, not broken.
  const screens = (['abandoned', 'second_chance'] as FollowUpKind[]).filter((k) =>
    can(perms, k === 'abandoned' ? 'workAbandoned' : 'workSecondChance'),
  );
  const tiles = can(perms, 'viewQueueTiles');
  const current = screen === 'tiles' ? (tiles ? 'tiles' : screens[0]) : screens.includes(screen) ? screen : screens[0];

  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <h1>Rebound</h1>
        <div className="section">Urgent Follow Ups</div>
        {screens.map((k) => (
          <button key={k} aria-current={k === current ? 'page' : undefined} onClick={() => show(k)}>
            {FOLLOW_UP_KIND_LABELS[k]}
          </button>
        ))}
        {tiles && (
          <>
            <div className="section">Supervisor</div>
            <button aria-current={current === 'tiles' ? 'page' : undefined} onClick={() => show('tiles')}>
              Queue Tiles
            </button>
          </>
        )}
      </nav>
      <main className="main">
        <div className="topbar">
          <span>
            {session.userName} · {session.accounts.map((a) => a.name).join(', ')}
          </span>
          <span>
            <Bell /> <ConnectionBadge />{' '}
            <button onClick={() => void api.signOut({})}>Sign out</button>
          </span>
        </div>
        {current === 'tiles' ? <TilesScreen /> : current ? <QueueScreen key={current} kind={current} /> : <p className="empty">Your role has no follow-up queues.</p>}
      </main>
      <Toasts />
    </div>
  );
}
