import { useEffect, useState } from 'react';

/** Re-renders every `ms` while mounted: for the live timers (call length, countdowns). */
export function useTicker(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
