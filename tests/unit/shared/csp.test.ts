import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, withStyleNonce } from '../../../shared';

describe('the renderer’s Content-Security-Policy', () => {
  it('never allows inline styles or eval; a page’s own nonce admits only the <style> elements carrying it', () => {
    const plain = contentSecurityPolicy();
    expect(plain).toContain("style-src 'self';");
    const nonce = 'q0Zr3n5Xb8sVt2kLm9PwYc4d';
    const withNonce = contentSecurityPolicy(['ws://127.0.0.1:4320'], nonce);
    expect(withNonce).toContain(`style-src 'self' 'nonce-${nonce}';`);
    for (const p of [plain, withNonce]) {
      expect(p).not.toContain('unsafe-inline');
      expect(p).not.toContain('unsafe-eval');
    }
    // A nonce is a long random value, never something that could widen the policy.
    expect(() => contentSecurityPolicy([], "x' 'unsafe-inline")).toThrow();
    expect(() => contentSecurityPolicy([], 'short')).toThrow();
  });

  it('gives index.html its nonce in a meta tag of its head', () => {
    const html = withStyleNonce('<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n  </head>\n</html>', 'q0Zr3n5Xb8sVt2kLm9PwYc4d');
    expect(html).toContain('<head>\n    <meta property="csp-nonce" nonce="q0Zr3n5Xb8sVt2kLm9PwYc4d" />\n    <meta charset="utf-8" />');
  });
});
