import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../api/test-support';
import { type Device, deviceFor, pushAs, sampleCase, signIn } from '../../test-support';
import type { SyncStatus } from './status';

// The download counter of a first sync ("正在下载 1,200 / 2,000 条"): how the device counts
// pages and where its total comes from. Each test gets its own server, so the feed holds
// exactly what the test wrote.

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterEach(async () => {
  await api.close();
});

async function officeCreates(n: number, townId: string, from: number): Promise<string[]> {
  const office = await signIn(api, 'office.1');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = crypto.randomUUID();
    const r = await pushAs(api, office.token, {
      name: 'case.create',
      args: { ...sampleCase(townId, from + i), id },
    });
    expect(r.status).toBe('applied');
    ids.push(id);
  }
  return ids;
}

/** Every download progress the engine reported during one sync, in order. */
async function downloadReports(d: Device): Promise<Array<{ done: number; total: number | null }>> {
  const seen: Array<{ done: number; total: number | null }> = [];
  let last: SyncStatus['progress'] = null;
  const off = d.engine.subscribe((s: SyncStatus) => {
    // The status also changes for other reasons (counts, clock): one entry per report.
    if (s.progress?.phase === 'downloading' && s.progress !== last) {
      seen.push({ done: s.progress.done, total: s.progress.total });
    }
    last = s.progress;
  });
  try {
    await d.engine.syncNow();
  } finally {
    off();
  }
  return seen;
}

function pullQueries(d: Device): URLSearchParams[] {
  return d.net.log
    .filter((r) => r.path.startsWith('/api/sync/pull'))
    .map((r) => new URL(r.path, 'http://x').searchParams);
}

/** How many changes the device took in: one per row and page, as the server sends them. */
async function changesOfFirstSync(username: string, pageSize: number): Promise<number> {
  const { token } = await signIn(api, username);
  let cursor = '';
  let n = 0;
  for (;;) {
    const res = await api.api(token, 'GET', `/api/sync/pull?limit=${pageSize}&cursor=${cursor}`);
    const page = (await res.json()) as { changes: unknown[]; cursor: string; hasMore: boolean };
    n += page.changes.length;
    cursor = encodeURIComponent(page.cursor);
    if (!page.hasMore) return n;
  }
}

describe('pull: the download counter', () => {
  it('moves page by page, never past its total, and ends at n / n', async () => {
    await officeCreates(8, 'choucheng', 700);
    const expected = await changesOfFirstSync('officer.choucheng', 3);
    const d = await deviceFor(api, 'officer.choucheng', { pullPageSize: 3 });
    const seen = await downloadReports(d);

    // The engine's "downloading, nothing yet", then one report per page stored.
    expect(seen[0]).toEqual({ done: 0, total: null });
    const pages = seen.slice(1);
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.length).toBe(pullQueries(d).length);
    for (const [i, p] of pages.entries()) {
      expect(p.total, `page ${i}`).not.toBeNull();
      expect(p.done, `page ${i}`).toBeLessThanOrEqual(p.total!);
      // A page can bring nothing for this officer (rows of a case that left the area).
      if (i > 0) expect(p.done, `page ${i}`).toBeGreaterThanOrEqual(pages[i - 1]!.done);
    }
    expect(new Set(pages.map((p) => p.done)).size).toBeGreaterThan(5);
    // The first page already knew about how many: the server's estimate, asked once.
    expect(Math.abs(pages[0]!.total! - expected)).toBeLessThanOrEqual(expected / 4);
    expect(pullQueries(d).map((q) => q.get('total'))).toEqual([
      '1',
      ...Array(pages.length - 1).fill(null),
    ]);
    expect(pages.at(-1)).toEqual({ done: expected, total: expected });
    expect(d.engine.getStatus().progress).toBeNull();
    expect(d.engine.getStatus().allSynced).toBe(true);
  });

  it('asks for a new estimate when changes outrun it (a case that moved in brings its whole tree)', async () => {
    const office = await signIn(api, 'office.1');
    // A case in another town with a history: its events are not in the officer's feed …
    const [moved] = await officeCreates(1, 'fotang', 800);
    let version = 1;
    for (let i = 0; i < 8; i++) {
      const r = await pushAs(api, office.token, {
        name: 'case.update',
        args: { id: moved, patch: { description: `第 ${i + 1} 次补充材料` } },
        baseVersion: version,
      });
      expect(r.status).toBe('applied');
      version = r.version!;
    }
    // … until it moves in: one feed entry that brings the case and all of them.
    const assign = await pushAs(api, office.token, {
      name: 'case.assign',
      args: { id: moved, townId: 'choucheng', assignedOfficerId: null },
      baseVersion: version,
    });
    expect(assign.status).toBe('applied');
    await officeCreates(4, 'choucheng', 810);

    const expected = await changesOfFirstSync('officer.choucheng', 3);
    const d = await deviceFor(api, 'officer.choucheng', { pullPageSize: 3 });
    const pages = (await downloadReports(d)).slice(1);
    const asked = pullQueries(d).map((q) => q.get('total') === '1');
    expect(asked[0]).toBe(true);
    // Asked again after the moved case's page, not on every page.
    expect(asked.slice(1).some(Boolean)).toBe(true);
    expect(asked.filter(Boolean).length).toBeLessThan(asked.length / 2);
    for (const p of pages) expect(p.done).toBeLessThanOrEqual(p.total!);
    expect(pages.at(-1)).toEqual({ done: expected, total: expected });
    expect(await d.db.events.where('caseId').equals(moved!).count()).toBeGreaterThan(8);
  });

  it('a device already caught up: one request, and the counter ends at 0 / 0', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    await d.engine.syncNow();
    d.net.log.length = 0;
    const seen = await downloadReports(d);
    expect(pullQueries(d)).toHaveLength(1);
    expect(seen.at(-1)).toEqual({ done: 0, total: 0 });
  });
});
