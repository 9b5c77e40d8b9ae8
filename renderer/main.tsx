// First: the page keeps to its Content-Security-Policy from the start (no eval, no inline style).
import './no-eval';
import './csp';
// The design system's font and styles, bundled with the app by esbuild (no CDN: the CSP allows
// only our own origin). Sonner's styles ship here: its own run-time <style> is left out at build.
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import 'sonner/dist/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme, useTheme } from './ui/theme';

applyTheme(useTheme.getState().theme);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
