import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PullResponse, PushResponse } from '@anxin/shared';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app';
import { connect } from '../../api/src/db/connect';
import {
  sampleCaseArgs,
  startTestApi,
  TEST_CASES,
  type TestApi,
  testConfig,
} from '../../api/test-support';
import {
  dialects,
  type FreshPg,
  freshPgDatabase,
  printFigures,
  requirePgUrl,
  snapshot,
  uid,
} from './support/harness';
import { runScript, tempDir } from './support/processes';
import { mediationArgs } from './support/samples';

/**
 * `scripts/backup.ts` then `scripts/restore.ts` into a fresh database: every case, event,
 * mediation, attachment and feed entry is back, byte for byte, and the restored database
 * serves the same pull as the original.
 */

async function seedMore(t: TestApi): Promise<void> {
  const officer = await t.login('officer.choucheng');
  const office = await t.login('office.1');
  const mutations: unknown[] = [];
  for (let i = 0; i < 25; i++) {
    const id = uid('bk');
    mutations.push({
      id: uid('bkm'),
      name: 'case.create',
      args: sampleCaseArgs(id, 'choucheng', i),
    });
    mutations.push({
      id: uid('bkm'),
      name: 'case.update',
      args: { id, patch: { description: `第${i}次补充：'; DROP TABLE cases; --` } },
      baseVersion: 1,
    });
    mutations.push({
      id: uid('bkm'),
      name: 'mediation.record',
      args: mediationArgs(uid('bkmed'), id),
    });
  }
  const res = await t.api(officer, 'POST', '/api/sync/push', {
    clientId: 'backup-seeder',
    mutations,
  });
  const results = ((await res.json()) as PushResponse).results;
  expect(
    results.every((r) => r.status === 'applied'),
    JSON.stringify(results.find((r) => r.status !== 'applied')),
  ).toBe(true);
  // A blob and its link, so binary data goes through the backup too.
  // It must begin as a PNG does: the server checks the type's magic number.
  const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const put = await t.fetch(`/api/blobs/${sha}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${office}`, 'Content-Type': 'image/png' },
    body: bytes,
  });
  expect(put.status).toBe(201);
  const link = await t.api(office, 'POST', '/api/sync/push', {
    clientId: 'backup-office',
    mutations: [
      {
        id: uid('bkl'),
        name: 'attachment.link',
        args: {
          sha256: sha,
          caseId: TEST_CASES.jiangdongReceived,
          kind: 'photo',
          mime: 'image/png',
          size: bytes.length,
        },
      },
    ],
  });
  expect(((await link.json()) as PushResponse).results[0]?.status).toBe('applied');
}

async function pullIds(
  fetchFn: (p: string, init?: RequestInit) => Promise<Response>,
  token: string,
): Promise<{ ids: string[]; cursor: string }> {
  const ids: string[] = [];
  let cursor = '';
  for (;;) {
    const res = await fetchFn(`/api/sync/pull?limit=2000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    ids.push(...page.changes.map((c) => `${c.entity}:${c.id}:${c.op}:${c.version}`));
    cursor = page.cursor;
    if (!page.hasMore) return { ids: ids.sort(), cursor };
  }
}

describe.each(dialects())('backup and restore on %s', (dialect) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('backs up a live database, restores it into a fresh one, and finds every case and event', async () => {
    const t = await startTestApi({ dialect });
    cleanups.push(() => t.close());
    await seedMore(t);
    const dir = tempDir('anxin-backup');
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));

    let sourceEnv: Record<string, string>;
    let targetEnv: Record<string, string>;
    let target: FreshPg | null = null;
    let targetPath = '';
    if (dialect === 'sqlite') {
      const list = await sql<{ name: string; file: string }>`pragma database_list`.execute(t.db);
      const file = list.rows.find((r) => r.name === 'main')!.file;
      sourceEnv = { SQLITE_PATH: file };
      targetPath = path.join(dir, 'restored', 'anxin.sqlite');
      targetEnv = { SQLITE_PATH: targetPath };
    } else {
      const name = (await sql<{ db: string }>`select current_database() as db`.execute(t.db))
        .rows[0]!.db;
      const src = new URL(requirePgUrl());
      src.pathname = `/${name}`;
      sourceEnv = { DATABASE_URL: src.toString() };
      target = await freshPgDatabase('anxin_restore');
      cleanups.push(target.drop);
      targetEnv = { DATABASE_URL: target.url };
    }
    const before = await snapshot(t.db);
    const token = await t.login('office.1');
    const pulledBefore = await pullIds(t.fetch, token);

    const file = path.join(dir, dialect === 'sqlite' ? 'anxin.sqlite.bak' : 'anxin.dump');
    const backup = runScript('scripts/backup.ts', ['--out', file], sourceEnv);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/backup written/);
    // Never overwrites an existing backup.
    expect(runScript('scripts/backup.ts', ['--out', file], sourceEnv).status).not.toBe(0);

    const restore = runScript('scripts/restore.ts', [file], targetEnv);
    expect(restore.status, restore.stderr).toBe(0);
    // A second restore over live data needs --force.
    const again = runScript('scripts/restore.ts', [file], targetEnv);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/--force/);
    const forced = runScript('scripts/restore.ts', [file, '--force'], targetEnv);
    expect(forced.status, forced.stderr).toBe(0);

    const conn =
      dialect === 'sqlite'
        ? connect({ dialect: 'sqlite', path: targetPath })
        : connect({ dialect: 'postgres', url: target!.url, max: 2 });
    cleanups.push(() => conn.close());
    const after = await snapshot(conn.db);
    expect(after).toEqual(before);

    // The restored database serves the same feed, and the audit trail is still append-only.
    const app = createApp({
      db: conn.db,
      dialect,
      config: testConfig(),
      now: () => new Date(),
      log: () => {},
    });
    const fetchRestored = (p: string, init?: RequestInit) =>
      Promise.resolve(app.fetch(new Request(new URL(p, 'http://anxin.test'), init)));
    const login = await fetchRestored('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'office.1', password: 'anxin-demo' }),
    });
    expect(login.status).toBe(200);
    const restoredToken = ((await login.json()) as { token: string }).token;
    expect((await pullIds(fetchRestored, restoredToken)).ids).toEqual(pulledBefore.ids);
    // A device that synced before the restore holds a cursor into the old feed: refused, so
    // it pulls from the start instead of skipping what is written after the restore.
    const stale = await fetchRestored(`/api/sync/pull?cursor=${pulledBefore.cursor}`, {
      headers: { Authorization: `Bearer ${restoredToken}` },
    });
    expect(stale.status).toBe(400);
    expect(restore.stdout).toMatch(/epoch/);
    await expect(
      sql`update case_events set comment = 'tampered'`.execute(conn.db),
    ).rejects.toThrow();

    printFigures(`backup-restore:${dialect}`, {
      cases: after.cases?.rows,
      events: after.case_events?.rows,
      mediations: after.mediations?.rows,
      blobs: after.blobs?.rows,
      feedEntries: after.change_feed?.rows,
      backupBytes: fs.statSync(file).size,
      failures: 0,
    });
  });
});
