import { create } from 'zustand';

export type Theme = 'light' | 'dark';
const KEY = 'rebound.theme';

function initial(): Theme {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The desk's theme: the person's choice, kept on this machine; the system's until they choose. */
export const useTheme = create<{ theme: Theme; setTheme(t: Theme): void }>((set) => ({
  theme: initial(),
  setTheme: (theme) => {
    globalThis.localStorage?.setItem(KEY, theme);
    set({ theme });
  },
}));

/** Applies the theme to the page: every token switches with one attribute. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}
