import { Moon, Sun } from 'lucide-react';
import { useEffect } from 'react';
import { applyTheme, shownTheme, useTheme } from './theme';

/** Light or dark, one click (and kept for next time). */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  const shown = useTheme(shownTheme);
  useEffect(() => applyTheme(shown), [shown]);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button className="ghost icon-only" aria-label={`Switch to ${next} theme`} title={`Switch to ${next} theme`} onClick={() => setTheme(next)}>
      {theme === 'dark' ? <Sun className="icon" aria-hidden="true" /> : <Moon className="icon" aria-hidden="true" />}
    </button>
  );
}
