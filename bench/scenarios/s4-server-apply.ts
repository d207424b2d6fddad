import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { actorOf } from '../../api/src/services/seed/seed';
import { push } from '../../api/src/services/sync/push';
import { startTestApi } from '../../api/test-support';
import { makeCases } from '../lib/cases';
import type { Scenario } from '../lib/scenario';
import { round } from '../lib/stats';

/** The client's push batch (web/src/sync/push.ts MAX_BATCH): the server sees this many per request. */
export const PUSH_BATCH = 200;

/**
 * Server apply alone: the push service called in-process (no HTTP) with batches of
 * case.create, on SQLite as the app opens it (WAL, synchronous=FULL). Each mutation also
 * writes its idempotency record, its case event and feed entries. The floor: the very case
 * rows the service stored, inserted with bare better-sqlite3 into a table with the same DDL
 * and indexes, WAL + synchronous=FULL, one transaction per batch of the same size. Rounds
 * alternate service and floor so machine noise hits both alike.
 */
export const s4: Scenario = {
  id: '4',
  title: 'server apply alone (SQLite, synchronous=FULL)',
  async run(ctx) {
    const total = ctx.quick ? 1_000 : 4_000;
    const rounds = 4;
    const t = await startTestApi();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-bench4-'));
    const bare = new SQLite(path.join(dir, 'bare.sqlite'));
    try {
      const mode = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(t.db);
      const journal = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(t.db);
      bare.pragma('journal_mode = WAL');
      bare.pragma('synchronous = FULL');
      const ddl = await sql<{ sql: string }>`
        SELECT sql FROM sqlite_master WHERE tbl_name = 'cases' AND sql IS NOT NULL
        ORDER BY type DESC`.execute(t.db);
      for (const d of ddl.rows) bare.exec(d.sql.replace(/REFERENCES\s+"?\w+"?\s*\([^)]*\)/gi, ''));
      const cols = (bare.prepare(`PRAGMA table_info(cases)`).all() as Array<{ name: string }>).map(
        (c) => c.name,
      );
      const insert = bare.prepare(
        `INSERT INTO cases (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`,
      );
      const insertBatch = bare.transaction((rows: Array<Record<string, unknown>>) => {
        for (const r of rows) insert.run(cols.map((c) => r[c] ?? null));
      });

      const actor = await actorOf(t.deps, 'officer.choucheng');
      const all = makeCases(total, 'choucheng', 'bench4');
      // Warm both paths (JIT, page cache) outside the timing.
      const warm = makeCases(PUSH_BATCH, 'choucheng', 'bench4warm', 7);
      await push(
        t.deps,
        actor,
        {
          clientId: 'bench4-client',
          mutations: warm.map((a) => ({ id: `w-${a.id}`, name: 'case.create', args: a })),
        },
        'en',
      );
      const warmRows = await t.db
        .selectFrom('cases')
        .selectAll()
        .where(
          'id',
          'in',
          warm.map((a) => a.id),
        )
        .execute();
      insertBatch(
        warmRows.map((r) => ({ ...r, id: `w-${r.id}` })) as Array<Record<string, unknown>>,
      );

      let ourMs = 0;
      let bareMs = 0;
      let applied = 0;
      const per = Math.ceil(total / rounds);
      for (let r = 0; r < rounds; r++) {
        const chunk = all.slice(r * per, (r + 1) * per);
        const t0 = performance.now();
        for (let i = 0; i < chunk.length; i += PUSH_BATCH) {
          const batch = chunk.slice(i, i + PUSH_BATCH);
          const res = await push(
            t.deps,
            actor,
            {
              clientId: 'bench4-client',
              mutations: batch.map((a) => ({ id: `m-${a.id}`, name: 'case.create', args: a })),
            },
            'en',
          );
          applied += res.results.filter((x) => x.status === 'applied').length;
        }
        ourMs += performance.now() - t0;
        const rows = (await t.db
          .selectFrom('cases')
          .selectAll()
          .where(
            'id',
            'in',
            chunk.map((a) => a.id),
          )
          .execute()) as Array<Record<string, unknown>>;
        const t1 = performance.now();
        for (let i = 0; i < rows.length; i += PUSH_BATCH)
          insertBatch(rows.slice(i, i + PUSH_BATCH));
        bareMs += performance.now() - t1;
        ctx.log(`  s4 round ${r + 1}/${rounds}: service ${applied} applied so far`);
      }
      if (applied !== total) throw new Error(`only ${applied} of ${total} mutations applied`);
      // Profile: the same service with the durability wait removed (synchronous=OFF), to
      // split the per-mutation cost into fsync wait and CPU (JS, SQL, JSON).
      await sql`PRAGMA synchronous = OFF`.execute(t.db);
      const probe = makeCases(ctx.quick ? 400 : 1_000, 'choucheng', 'bench4probe', 11);
      const tp = performance.now();
      for (let i = 0; i < probe.length; i += PUSH_BATCH) {
        await push(
          t.deps,
          actor,
          {
            clientId: 'bench4-client',
            mutations: probe
              .slice(i, i + PUSH_BATCH)
              .map((a) => ({ id: `p-${a.id}`, name: 'case.create', args: a })),
          },
          'en',
        );
      }
      const noFsyncMsPer = (performance.now() - tp) / probe.length;
      await sql`PRAGMA synchronous = FULL`.execute(t.db);
      const ourRate = total / (ourMs / 1000);
      const bareRate = total / (bareMs / 1000);
      const ratio = ourRate / bareRate;
      ctx.shared.set('s4.rate', ourRate);
      const feed = await sql<{ n: number }>`SELECT count(*) AS n FROM change_feed`.execute(t.db);
      const events = await sql<{ n: number }>`SELECT count(*) AS n FROM case_events`.execute(t.db);
      return {
        rows: [
          {
            metric: 'push service apply rate (mutations/s)',
            value: round(ourRate, 1),
            unit: '/s',
            baseline: round(bareRate, 1),
            baselineLabel: 'bare insert',
            ratio: round(ratio),
            target: '≥ 0.25',
            met: ratio >= 0.25,
          },
        ],
        details: {
          mutations: total,
          batch: PUSH_BATCH,
          serviceMs: round(ourMs, 1),
          bareMs: round(bareMs, 1),
          msPerMutation: round(ourMs / total, 3),
          bareMsPerRow: round(bareMs / total, 4),
          pragma: {
            synchronous: mode.rows[0]?.synchronous,
            journal: journal.rows[0]?.journal_mode,
          },
          rowsWrittenPerMutation: {
            cases: 1,
            caseEvents: round(
              (events.rows[0]?.n ?? 0) / (total + PUSH_BATCH + probe.length + 5),
              2,
            ),
            changeFeed: round((feed.rows[0]?.n ?? 0) / (total + PUSH_BATCH + probe.length + 5), 2),
            mutationLog: 1,
          },
          // One transaction per push request with a savepoint per mutation (push.ts).
          transactionsPerBatch: { service: 1, bare: 1 },
          profile: {
            msPerMutationWithoutFsync: round(noFsyncMsPer, 3),
            rateWithoutFsync: round(1000 / noFsyncMsPer, 1),
            fsyncShareOfServiceTime: round(1 - noFsyncMsPer / (ourMs / total), 3),
          },
        },
      };
    } finally {
      bare.close();
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  },
};
