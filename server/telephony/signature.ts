import twilio from 'twilio';

/**
 * The URL Twilio signed: the configured public base (the server usually sits behind a proxy or
 * tunnel, where the Host header is not what Twilio called) plus the path and query as received.
 */
export function signedUrl(publicBaseUrl: string | null, req: { protocol: string; host: string; url: string }): string {
  const base = publicBaseUrl ?? `${req.protocol}://${req.host}`;
  return base.replace(/\/$/, '') + req.url;
}

/** Uses the official helper, which also accepts the URL with and without the default port. */
export function isTwilioSignatureValid(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, unknown>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** What Twilio would send for these params: used by the simulated carrier and the tests. */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
