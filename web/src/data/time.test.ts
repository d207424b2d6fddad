import { describe, expect, it } from 'vitest';
import { uniqueDbName } from '../../test-support';
import { measureOffset, recordClockOffset, serverNow, serverNowFrom } from './time';
import { openTestDb } from './vault/testing';

describe('server time on the device', () => {
  it('measures the offset against the midpoint of the round trip', () => {
    // Sent at 1000 and answered at 1400 by the device clock, the server stamped 200: the
    // server's instant is compared with the midpoint 1200, so the offset is −1000.
    expect(measureOffset(new Date(200).toISOString(), 1000, 1400)).toBe(-1000);
    expect(measureOffset('not a date', 0, 0)).toBeNull();
  });

  it('serverNow adds the stored offset: deadlines follow the server, not a wrong phone clock', async () => {
    const db = await openTestDb(uniqueDbName('time'));
    const before = Date.now();
    expect(Math.abs((await serverNow(db)) - before)).toBeLessThan(60_000);
    await recordClockOffset(db, 3 * 3600_000);
    const ahead = await serverNow(db);
    expect(ahead - Date.now()).toBeGreaterThan(3 * 3600_000 - 60_000);
    expect(serverNowFrom(-5_000, 10_000)).toBe(5_000);
    expect(serverNowFrom(null, 10_000)).toBe(10_000);
  });
});
