import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretProtector } from './secret-protector';

/**
 * A SecretProtector for services that run away from the OS's protection: Electron's safeStorage
 * answers only in the main process, and the desk services run in a utility process. The main
 * process keeps a data key sealed by safeStorage and hands it over in memory; this encrypts with
 * it (AES-256-GCM: nonce, tag, then the ciphertext), as Chromium does for its own cookies.
 */
export function keyedSecretProtector(key: Buffer): SecretProtector {
  if (key.length !== 32) throw new Error('The desk secret key must be 32 bytes.');
  return {
    available: true,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
