import { safeStorage } from 'electron';

/**
 * The desk's SecretProtector (main/session/secret-protector.ts) backed by Electron's safeStorage:
 * Keychain on macOS, DPAPI on Windows, libsecret or KWallet on Linux. Linux's `basic_text`
 * backend encrypts with a password written in Chromium's source, which protects nothing, so there
 * it reports itself unavailable and the token relies on its 0600 file, as in the web host.
 * Must be created after the app is ready (safeStorage answers only then).
 */
export function osSecretProtector(platform: NodeJS.Platform = process.platform) {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const available = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
  return {
    available,
    encrypt: (plain: string): Buffer => safeStorage.encryptString(plain),
    decrypt: (data: Buffer): string => safeStorage.decryptString(data),
  };
}
