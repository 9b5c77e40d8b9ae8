import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyedSecretProtector } from '../../../main/session/keyed-secret-protector';

describe('keyed secret protector', () => {
  it('opens only what it sealed with the same key, and refuses a changed byte', () => {
    const key = randomBytes(32);
    const p = keyedSecretProtector(key);
    const sealed = p.encrypt('token-äöü-123');
    expect(sealed.includes(Buffer.from('token'))).toBe(false);
    expect(p.decrypt(sealed)).toBe('token-äöü-123');
    expect(p.encrypt('same').equals(p.encrypt('same'))).toBe(false);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => p.decrypt(tampered)).toThrow();
    expect(() => keyedSecretProtector(randomBytes(32)).decrypt(sealed)).toThrow();
    expect(() => keyedSecretProtector(randomBytes(16))).toThrow(/32 bytes/);
  });
});
