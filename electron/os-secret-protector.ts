import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { privateDir, writePrivateFile } from '../main/session/private-files';

/**
 * Whether safeStorage really protects anything here: Keychain on macOS, DPAPI on Windows,
 * libsecret or KWallet on Linux. Linux's `basic_text` backend encrypts with a password written in
 * Chromium's source, which protects nothing. Must be asked after the app is ready.
 */
export function osProtectionAvailable(platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safeStorage.getSelectedStorageBackend();
  return backend !== 'basic_text' && backend !== 'unknown';
}

/**
 * The desk's data key, sealed by the OS (safeStorage) in `<userData>/desk-key`, created on first
 * use. The services (in the utility process) get it in memory and encrypt the sign-in token with
 * it (main/session/keyed-secret-protector.ts). Null without OS protection: the token then
 * relies on its 0600 file, as in the web host. A key the OS can no longer open (another user
 * account, a reset keyring) is replaced; the desk then asks to sign in again.
 */
export function deskSecretKey(userData: string): Buffer | null {
  if (!osProtectionAvailable()) return null;
  const file = path.join(userData, 'desk-key');
  try {
    const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
    if (key.length === 32) return key;
  } catch {
    // missing or unreadable: make a new one below
  }
  const key = randomBytes(32);
  privateDir(userData);
  writePrivateFile(file, safeStorage.encryptString(key.toString('base64')));
  return key;
}
