import { CASE_STATUSES, type CasePatch, type CaseStatus } from '@anxin/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localOfficer, sampleCase, uniqueDbName } from '../../test-support';
import { createActions } from './actions';
import { stripLocal } from './apply';
import { DataError } from './errors';
import { composeCase, currentBase, serverRowToLocal } from './rebuild';
import { openTestDb } from './vault/testing';

const officer = localOfficer;

type Edit = { kind: 'update'; patch: CasePatch } | { kind: 'transition'; to: CaseStatus };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('update' as const),
    patch: fc.oneof(
      fc.record({ description: fc.string({ minLength: 1, maxLength: 40 }) }),
      fc.record({ workersCount: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ needsAssistance: fc.boolean() }),
    ),
  }),
  fc.record({ kind: fc.constant('transition' as const), to: fc.constantFrom(...CASE_STATUSES) }),
);

describe('the stored case view', () => {
  it('after any run of local edits equals the server copy with every pending mutation replayed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(editArb, { minLength: 1, maxLength: 8 }),
        async (synced, edits) => {
          const db = await openTestDb(uniqueDbName('rebuild'));
          const actions = createActions(db, { user: () => officer, serverNow: () => Date.now() });
          try {
            const id = await actions.createCase(sampleCase('choucheng'));
            if (synced) {
              // The server has accepted it: nothing pending, the row is the server copy.
              const local = await db.cases.get(id);
              await db.outbox.clear();
              await db.cases.put(
                serverRowToLocal({ ...stripLocal(local!), version: 1, caseNo: 'YW-2026-000001' }),
              );
            }
            for (const edit of edits) {
              const done =
                edit.kind === 'update'
                  ? actions.updateCase(id, edit.patch)
                  : actions.transitionCase(id, { to: edit.to });
              // A move the status machine refuses changes nothing; the property still holds.
              await done.catch((err: unknown) => {
                if (!(err instanceof DataError)) throw err;
              });
              const row = await db.cases.get(id);
              const pending = await db.outbox.where('entityId').equals(id).sortBy('seq');
              expect(row).toEqual(composeCase(currentBase(row), pending));
              expect(row?.pendingCount).toBe(pending.length);
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
