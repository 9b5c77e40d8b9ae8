/*
 * A claim: "I am working this lead right now". It lasts a few minutes (renewed by working the
 * lead) so a desk that went away never holds a customer for long. The server refuses a claim,
 * a release or a call on a lead someone else holds; the desk refuses the same before asking.
 */

export type Claim = { userId: string; userName: string; expiresAt: string };

/** The claim of someone other than `userId` that still holds at `nowMs`, if any. */
export function claimHeldByOther(claim: Claim | null, userId: string, nowMs: number): Claim | null {
  return claim && claim.userId !== userId && Date.parse(claim.expiresAt) > nowMs ? claim : null;
}

/** What a CSR is told when another holds the lead (claiming it, or calling its customer). */
export function claimHeldMessage(holderName: string | null): string {
  return `${holderName ?? 'Someone'} is working this lead right now.`;
}

/** What a CSR is told when releasing a claim that is someone else's. */
export function claimNotYoursMessage(holderName: string | null): string {
  return `The claim belongs to ${holderName ?? 'someone else'}.`;
}
