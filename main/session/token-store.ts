import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { privateDir, writePrivateFile } from './private-files';
import type { SecretProtector } from './secret-protector';

/**
 * The signed-in user's bearer token, kept apart from the cache: encrypted by the OS when it
 * can, always in a 0600 file of a 0700 folder, and removed on sign-out. A file written with OS
 * protection starts with a marker, so a desk never mistakes ciphertext for a token or the reverse.
 */
export class TokenStore {
  private static readonly PROTECTED = Buffer.from('RBP1');

  constructor(
    private readonly dataDir: string,
    private readonly protector: SecretProtector,
  ) {}

  private file(userId: string): string {
    return path.join(this.dataDir, `token-${userId.replace(/[^a-zA-Z0-9_-]/g, '_')}`);
  }

  save(userId: string, token: string): void {
    privateDir(this.dataDir);
    const data = this.protector.available
      ? Buffer.concat([TokenStore.PROTECTED, this.protector.encrypt(token)])
      : Buffer.from(token, 'utf8');
    writePrivateFile(this.file(userId), data);
  }

  /** The token, or null when there is none or it cannot be read back (the user signs in again). */
  load(userId: string): string | null {
    let data: Buffer;
    try {
      data = readFileSync(this.file(userId));
    } catch {
      return null;
    }
    const isProtected = data.subarray(0, TokenStore.PROTECTED.length).equals(TokenStore.PROTECTED);
    try {
      if (isProtected) return this.protector.available ? this.protector.decrypt(data.subarray(TokenStore.PROTECTED.length)) : null;
      return data.toString('utf8') || null;
    } catch {
      return null;
    }
  }

  remove(userId: string): void {
    rmSync(this.file(userId), { force: true });
  }
}
