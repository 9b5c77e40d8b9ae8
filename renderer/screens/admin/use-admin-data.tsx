import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { ApiError } from '../../../shared';

/**
 * An admin panel's data from the server: loaded when the panel opens and again after a save.
 * `placeholder` is what to show instead of the panel until it has the data: the server's reason
 * when it could not be loaded, or a progress line naming `what` is on its way.
 */
export function useAdminData<T>(load: () => Promise<T>, what: string): { data: T | null; reload: () => Promise<void>; placeholder: ReactElement | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The loader is the panel's own constant call; reading it once keeps the effect from re-running.
  const reload = useCallback(() => load().then(setData, (err) => setError(err instanceof ApiError ? err.message : `Could not load ${what}.`)), []);
  useEffect(() => void reload(), [reload]);
  const placeholder = error ? (
    <p className="error" role="alert">{error}</p>
  ) : data === null ? (
    <p role="progressbar" aria-label={`Loading ${what}`} className="hint">Loading…</p>
  ) : null;
  return { data, reload, placeholder };
}
