import type { PullResponse } from '@anxin/shared';
import { expect, it } from 'vitest';
import { sampleCaseArgs } from '../test-support';
import { forEachDialect, pullAll, pushAs, useTestApi } from '../test-support/suite';

/** GET /api/sync/pull?total=1: the `remaining` estimate behind the sync bar's "n / m". */
forEachDialect('pull: remaining', (dialect) => {
  const get = useTestApi(dialect);

  const page = async (token: string, query: string): Promise<PullResponse> =>
    (await (await get().api(token, 'GET', `/api/sync/pull?${query}`)).json()) as PullResponse;

  it('folds like the pages do: cases edited many times are estimated near what arrives', async () => {
    const office = await get().login('office.1');
    // Each write is two feed entries (the case, its event); the case itself arrives once
    // per page however often it was written.
    for (let i = 0; i < 6; i++) {
      const id = `fold-case-${i}0`;
      const made = await pushAs(get(), office, [
        { name: 'case.create', args: sampleCaseArgs(id, 'suxi', i) },
      ]);
      let version = made[0]!.version!;
      for (let k = 0; k < 4; k++) {
        const r = await pushAs(get(), office, [
          {
            name: 'case.update',
            args: { id, patch: { description: `第 ${k} 次核实` } },
            baseVersion: version,
          },
        ]);
        version = r[0]!.version!;
      }
    }
    const cursor = (await page(office, 'limit=2000')).cursor;
    // The office sees the whole feed (the fixture's and these 60 entries), in pages of 20.
    const before = await get()
      .db.selectFrom('change_feed')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(60);
    const first = await page(office, 'limit=20&total=1');
    const rest = await pullAll(get(), office, first.cursor, 20);
    const entriesAfter = Number(before.n) - 20;
    expect(first.hasMore).toBe(true);
    // Scaled: fewer than the raw entries, and nearer to what really came than they are.
    expect(first.remaining!).toBeLessThan(entriesAfter);
    expect(Math.abs(first.remaining! - rest.changes.length)).toBeLessThan(
      Math.abs(entriesAfter - rest.changes.length),
    );
    // Caught up: 0, and the cursor of a whole pull is as good as any.
    expect(await page(office, `cursor=${cursor}&total=1`)).toMatchObject({
      hasMore: false,
      remaining: 0,
    });
  });

  it('counts only what the caller may see: another town’s writes change nothing', async () => {
    const officer = await get().login('officer.choucheng');
    const office = await get().login('office.1');
    const mine = await page(officer, 'limit=1&total=1');
    expect(mine.hasMore).toBe(true);
    for (let i = 0; i < 5; i++) {
      await pushAs(get(), office, [
        { name: 'case.create', args: sampleCaseArgs(`elsewhere-${i}0`, 'suxi', i) },
      ]);
    }
    const again = await page(officer, 'limit=1&total=1');
    expect(again.changes).toEqual(mine.changes);
    expect(again.remaining).toBe(mine.remaining);
    // The office (every town) sees them.
    const all1 = await page(office, 'limit=1&total=1');
    expect(all1.remaining!).toBeGreaterThan(mine.remaining!);
  });
});
