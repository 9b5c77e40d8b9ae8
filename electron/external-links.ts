/** Where the app's own help pages live; the About panel and the Help menu link here. */
export const DOCS_URL = 'https://rebound.example/docs/';

/**
 * The only links the desk opens in the user's browser: Twilio call recordings (as Twilio's REST
 * API names them) and our documentation. Anything else a page asks for is dropped, so a
 * compromised or injected page cannot launch arbitrary URLs or local handlers through the OS.
 */
export function isAllowedExternal(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  if (url.hostname === 'api.twilio.com') return /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/RE[0-9a-f]{32}(\.(mp3|wav))?$/i.test(url.pathname);
  const docs = new URL(DOCS_URL);
  return url.hostname === docs.hostname && url.pathname.startsWith(docs.pathname);
}
