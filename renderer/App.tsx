import { BarChart3, LayoutGrid, LogOut, PhoneMissed, Repeat2, Settings } from 'lucide-react';
import { useEffect, useState } from 'react';
import { can, expandPermissions, FOLLOW_UP_KIND_LABELS, type FollowUpKind } from '../shared';
import { api } from './bridge/api';
import { Bell } from './components/Bell';
import { KeyboardHelp } from './components/KeyboardHelp';
import { CallOutcomePrompt } from './components/CallOutcomePrompt';
import { HandoffPanel } from './components/HandoffPanel';
import { ConnectionBadge } from './components/ConnectionBadge';
import { SoftphoneBar } from './components/SoftphoneBar';
import { WrapUpForm } from './components/WrapUpForm';
import { Toasts } from './components/Toasts';
import { ThemeToggle } from './ui/ThemeToggle';
import { Logo } from './ui/Logo';
import { UpdateBanner } from './components/UpdateBanner';
import { APP_NAME, APP_VERSION } from './app-version';
import { QueueScreen } from './screens/QueueScreen';
import { AdminScreen } from './screens/AdminScreen';
import { ReportScreen } from './screens/ReportScreen';
import { TilesScreen } from './screens/TilesScreen';
import { SignIn } from './screens/SignIn';
import { usePhone } from './state/phone';
import { useDesk } from './state/store';

export function App() {
  const { session, screen, show, setSession, setConnection, toast, notify, changed, focusLead } = useDesk();

  useEffect(() => {
    document.title = `${APP_NAME} ${APP_VERSION}`;
  }, []);

  // Until the desk says whether someone is signed in, neither the form nor the app: the form
  // flashed and vanished as a kept session came back, taking what was typed into it with it.
  const [sessionKnown, setSessionKnown] = useState(false);

  useEffect(() => {
    void api
      .getSession({})
      .then(setSession)
      .catch(() => {})
      .finally(() => setSessionKnown(true));
    const offs = [
      api.on('session', (s) => {
        setSession(s);
        setSessionKnown(true);
      }),
      api.on('connection', setConnection),
      api.on('leadsChanged', changed),
      api.on('notification', notify),
      api.on('mutationRejected', (r) => toast({ id: crypto.randomUUID(), kind: 'error', title: `Edit refused: ${r.reason}` })),
      // A click on the OS notification: the lead it announced, or its queue when it stood for several.
      api.on('openLead', ({ kind, leadId }) => (leadId ? focusLead(kind, leadId) : show(kind))),
    ];
    return () => offs.forEach((off) => off());
  }, [setSession, setConnection, changed, toast, notify, focusLead, show]);

  const connectPhone = usePhone((s) => s.connect);
  const perms = session ? expandPermissions(session.permissions) : null;
  // Only people who work a follow-up queue place or take calls.
  const callsAllowed = Boolean(perms && (can(perms, 'workAbandoned') || can(perms, 'workSecondChance')));
  useEffect(() => connectPhone(session && callsAllowed ? session : null), [session, callsAllowed, connectPhone]);

  if (!session && !sessionKnown)
    return (
      <div className="starting" role="status" aria-busy="true">
        <Logo size={28} /> Starting {APP_NAME}…
      </div>
    );
  if (!session || !perms)
    return (
      <>
        <UpdateBanner />
        <SignIn />
      </>
    );
  // A queue the user may not work is absent, not broken.
  const screens = (['abandoned', 'second_chance'] as FollowUpKind[]).filter((k) =>
    can(perms, k === 'abandoned' ? 'workAbandoned' : 'workSecondChance'),
  );
  const tiles = can(perms, 'viewQueueTiles');
  const reports = can(perms, 'viewReports');
  const admin = can(perms, 'configureSecondChance') || can(perms, 'manageUsersAndRoles') || can(perms, 'configureVoiceAgent') || can(perms, 'manageTrackingNumbers');
  const allowed = { tiles, report: reports, admin } as const;
  const current = screen === 'tiles' || screen === 'report' || screen === 'admin' ? (allowed[screen] ? screen : screens[0]) : screens.includes(screen) ? screen : screens[0];

  return (
    <div className="shell">
      <div className="sidebar">
      <nav className="nav" aria-label="Main">
        <h1>
          <Logo /> Rebound
        </h1>
        <div className="app-version" title="Version">
          {APP_NAME} {APP_VERSION}
        </div>
        <div className="section">Urgent Follow Ups</div>
        {screens.map((k) => (
          <button key={k} aria-current={k === current ? 'page' : undefined} onClick={() => show(k)}>
            {k === 'abandoned' ? <PhoneMissed className="icon" aria-hidden="true" /> : <Repeat2 className="icon" aria-hidden="true" />}
            {FOLLOW_UP_KIND_LABELS[k]}
          </button>
        ))}
        {tiles && (
          <>
            <div className="section">Supervisor</div>
            <button aria-current={current === 'tiles' ? 'page' : undefined} onClick={() => show('tiles')}>
              <LayoutGrid className="icon" aria-hidden="true" />
              Queue Tiles
            </button>
          </>
        )}
        {reports && (
          <>
            <div className="section">Reports</div>
            <button aria-current={current === 'report' ? 'page' : undefined} onClick={() => show('report')}>
              <BarChart3 className="icon" aria-hidden="true" />
              Unbooked &amp; Abandoned Calls
            </button>
          </>
        )}
        {admin && (
          <>
            <div className="section">Admin</div>
            <button aria-current={current === 'admin' ? 'page' : undefined} onClick={() => show('admin')}>
              <Settings className="icon" aria-hidden="true" />
              Settings
            </button>
          </>
        )}
      </nav>
      <SoftphoneBar />
      </div>
      <main className="main">
        <header className="topbar">
          <span className="who">
            <strong>{session.userName}</strong>
            <small>{session.accounts.map((a) => a.name).join(', ')}</small>
          </span>
          <span className="tools">
            <ConnectionBadge />
            <Bell />
            <KeyboardHelp />
            <ThemeToggle />
            <button onClick={() => void api.signOut({})}>
              <LogOut className="icon" aria-hidden="true" />
              Sign out
            </button>
          </span>
        </header>
        <UpdateBanner />
        {current === 'admin' ? <AdminScreen /> : current === 'report' ? <ReportScreen /> : current === 'tiles' ? <TilesScreen /> : current ? <QueueScreen key={current} kind={current} /> : <p className="empty">Your role has no follow-up queues.</p>}
      </main>
      <HandoffPanel />
      <CallOutcomePrompt />
      <WrapUpForm />
      <Toasts />
    </div>
  );
}
