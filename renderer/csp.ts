import { STYLE_NONCE_META } from '../shared';

/*
 * The renderer keeps to its Content-Security-Policy (shared `contentSecurityPolicy`): no inline
 * style but the <style> elements carrying this page's nonce. Imported by main.tsx before anything
 * draws (after no-eval.ts).
 */

/** This page's style nonce, given by the host in index.html: the only <style> elements allowed. */
export const styleNonce: string | undefined = document.querySelector<HTMLMetaElement>(STYLE_NONCE_META)?.nonce || undefined;

// Radix's scroll lock inserts its <style> through react-style-singleton, whose nonce comes from
// get-nonce, which reads webpack's global for it.
if (styleNonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = styleNonce;
