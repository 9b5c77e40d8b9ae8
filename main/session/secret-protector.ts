/**
 * Encrypts a secret at rest with what the OS offers (Electron's `safeStorage`: Keychain, DPAPI,
 * libsecret). The desk services depend on this interface only; electron/ supplies the OS one.
 */
export interface SecretProtector {
  /** False when the OS has nothing to offer: the secret then relies on its file's 0600 mode. */
  readonly available: boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** No OS protection (plain Node, the web host): the bytes are the text; the file mode guards it. */
export const noOsProtection: SecretProtector = {
  available: false,
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (data) => data.toString('utf8'),
};
