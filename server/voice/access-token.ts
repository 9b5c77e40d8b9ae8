import twilio from 'twilio';
import type { VoiceCredentials } from '../context';
import { identityFor } from './identity';

const { AccessToken } = twilio.jwt;
const { VoiceGrant } = AccessToken;

export type MintedToken = { token: string; identity: string; expiresAt: Date };

/**
 * A short-lived Voice SDK token for one user: outgoing calls go to our TwiML App, incoming
 * calls may ring this identity. Minted with Twilio's own helper, so the claims are exactly
 * what Twilio checks.
 */
export function mintVoiceToken(creds: VoiceCredentials, userId: string): MintedToken {
  const identity = identityFor(userId);
  const token = new AccessToken(creds.accountSid, creds.apiKeySid, creds.apiKeySecret, {
    identity,
    ttl: creds.tokenTtlSeconds,
  });
  token.addGrant(new VoiceGrant({ outgoingApplicationSid: creds.twimlAppSid, incomingAllow: true }));
  // The helper stamps iat from the wall clock (as Twilio checks it); expiry is read back from it.
  const jwt = token.toJwt();
  const iat = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')).iat as number;
  return { token: jwt, identity, expiresAt: new Date((iat + creds.tokenTtlSeconds) * 1000) };
}
