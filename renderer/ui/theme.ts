import { create } from 'zustand';

export type Theme = 'light' | 'dark';
const KEY = 'rebound.theme';

function initial(): Theme {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * The desk's theme: the person's choice, kept on this machine; the system's until they choose.
 * A screen may force one while it shows (the wall mode of Queue Tiles is always dark): `shown` is
 * what the whole page, toasts included, is drawn in.
 */
export const useTheme = create<{ theme: Theme; forced: Theme | null; setTheme(t: Theme): void; force(t: Theme | null): void }>((set) => ({
  theme: initial(),
  forced: null,
  setTheme: (theme) => {
    globalThis.localStorage?.setItem(KEY, theme);
    set({ theme });
  },
  force: (forced) => set({ forced }),
}));

/** The theme the page is drawn in: a screen's forced one, else the person's. */
export const shownTheme = (s: { theme: Theme; forced: Theme | null }): Theme => s.forced ?? s.theme;

/** Applies the theme to the page: every token switches with one attribute. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}
