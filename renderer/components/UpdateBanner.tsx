import { useEffect, useState } from 'react';
import { api } from '../bridge/api';

/**
 * The desktop app downloads an update in the background and asks here, never in the middle of
 * a call by itself: "Restart now" installs it, "Later" leaves it to be installed when the app quits.
 */
export function UpdateBanner() {
  const [version, setVersion] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restarting, setRestarting] = useState(false);
  useEffect(() => api.on('appUpdate', (u) => setVersion(u.version)), []);
  if (!version) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <span>Rebound {version} is ready to install.</span>
      <button
        disabled={restarting}
        onClick={() => {
          setRestarting(true);
          api.installUpdate({}).catch((e: Error) => {
            setRestarting(false);
            setError(e.message);
          });
        }}
      >
        {restarting ? 'Restarting…' : 'Restart now'}
      </button>
      <button onClick={() => setVersion(null)}>Later</button>
      {error && <span className="error">{error}</span>}
    </div>
  );
}
