import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserUnits } from '../../../api/src/repositories/users';
import { startTestApi, TEST_USERS, type TestApi } from '../../../api/test-support';
import { deviceFor, sampleCase } from '../../test-support';
import { syncView } from './status';

// Issue 18: a field user removed from every unit is told `no_units` (401) on every call; the
// device must take it like a disabled account (the app then wipes it), not as "sign in again".

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

describe('no_units', () => {
  it('a sync after the officer left every unit reports it, sends nothing, and keeps the outbox as it is', async () => {
    const d = await deviceFor(api, 'officer.fotang');
    await d.engine.syncNow();
    expect(d.engine.getStatus().removedBy).toBeNull();

    await d.actions.createCase(sampleCase('fotang', 951));
    await setUserUnits(api.db, TEST_USERS.officerFotang.id, []);
    await d.engine.syncNow();

    const s = d.engine.getStatus();
    expect(s.removedBy).toBe('no_units');
    expect(s.needsSignIn).toBe(true);
    expect(s.lastError?.code).toBe('no_units');
    expect(s.lastError?.text('zh')).toContain('不属于任何单位');
    expect(s.nextRetryAt).toBeNull();
    expect(syncView(s, true).state.kind).toBe('disabled');
    // Neither applied nor moved to the conflicts inbox as refused: the wipe decides.
    expect(await d.db.outbox.count()).toBe(1);
    expect(await d.db.conflicts.count()).toBe(0);
    d.engine.stop();

    await setUserUnits(api.db, TEST_USERS.officerFotang.id, ['fotang']);
  });
});
