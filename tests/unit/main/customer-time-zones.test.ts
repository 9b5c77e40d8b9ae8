import { describe, expect, it } from 'vitest';
import { customerTimeZones } from '../../../main/voice/customer-time-zones';

describe('customer time zones from the phone number', () => {
  it('reads the zone of a number’s region', async () => {
    await expect(customerTimeZones('+13125550100', 'America/New_York')).resolves.toEqual({ zones: ['America/Chicago'], fromNumber: true });
    await expect(customerTimeZones('+14155550134', 'America/New_York')).resolves.toEqual({ zones: ['America/Los_Angeles'], fromNumber: true });
    await expect(customerTimeZones('+442079460000', 'America/New_York')).resolves.toEqual({ zones: ['Europe/London'], fromNumber: true });
  });

  it('falls back to the account’s zone when the region is not known', async () => {
    // 555 is not a geographic area code: the map answers with every North American zone.
    await expect(customerTimeZones('+15555550100', 'America/Chicago')).resolves.toEqual({ zones: ['America/Chicago'], fromNumber: false });
    await expect(customerTimeZones('not a number', 'America/Denver')).resolves.toEqual({ zones: ['America/Denver'], fromNumber: false });
  });
});
