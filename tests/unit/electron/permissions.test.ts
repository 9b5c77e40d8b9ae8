import { describe, expect, it } from 'vitest';
import { permissionAllowed } from '../../../electron/permissions';

describe('window permissions', () => {
  const ours = 'rebound://app/index.html';
  it('grants our pages the microphone and notifications', () => {
    expect(permissionAllowed('media', ours, ['audio'])).toBe(true);
    expect(permissionAllowed('notifications', ours, undefined)).toBe(true);
  });
  it('refuses the camera, a media request of unknown kind, other permissions, and other origins', () => {
    expect(permissionAllowed('media', ours, ['audio', 'video'])).toBe(false);
    expect(permissionAllowed('media', ours, undefined)).toBe(false);
    expect(permissionAllowed('geolocation', ours, undefined)).toBe(false);
    expect(permissionAllowed('media', 'https://evil.example/', ['audio'])).toBe(false);
    expect(permissionAllowed('media', 'rebound://apple/', ['audio'])).toBe(false);
  });
});
