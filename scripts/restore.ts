// Restores a backup made by scripts/backup.ts into the database the server is configured
// for (same env: DATABASE_URL, else SQLITE_PATH). Stop the server first.
//
//   npx tsx scripts/restore.ts <backup file> [--force]
//
// The backup's kind is read from the file itself (a SQLite file or a pg_dump custom
// archive). Without --force it refuses to touch a database that already holds data, so a
// slip of the finger cannot replace live records.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { parseEnv } from '../api/src/config/env';
import { type ConnectOptions, connect } from '../api/src/db/connect';
import { migrateToLatest } from '../api/src/db/migrate';
import { renewFeedEpoch } from '../api/src/repositories/feed-epoch';
import { sqliteFigures } from './sqlite-figures';

interface Options {
  file: string;
  force: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let file: string | null = null;
  let force = false;
  for (const a of argv) {
    if (a === '--force') force = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npx tsx scripts/restore.ts <backup file> [--force]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown argument: ${a}`);
    else if (file === null) file = a;
    else throw new Error(`unexpected argument: ${a}`);
  }
  if (!file)
    throw new Error('which backup? usage: npx tsx scripts/restore.ts <backup file> [--force]');
  return { file: path.resolve(file), force };
}

type Kind = 'sqlite' | 'pg_dump';

function kindOf(file: string): Kind {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = new Uint8Array(16);
    fs.readSync(fd, bytes, 0, 16, 0);
    const head = Buffer.from(bytes);
    if (head.toString('latin1') === 'SQLite format 3\u0000') return 'sqlite';
    if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg_dump';
  } finally {
    fs.closeSync(fd);
  }
  throw new Error(`${file} is neither a SQLite database nor a pg_dump custom archive`);
}

function sqliteHasData(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new SQLite(file, { readonly: true });
  try {
    const t = db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'cases'")
      .get() as { n: number };
    return t.n > 0;
  } finally {
    db.close();
  }
}

/**
 * The restored change feed is numbered from the backup's position again, so every pull
 * cursor handed out since the backup would skip what is written after the restore. A new
 * feed epoch makes the server refuse those cursors; devices then pull from the start
 * (docs/decisions/010). The schema is brought up to date first, so an older backup gets
 * the epoch table too.
 */
async function renewFeed(options: ConnectOptions): Promise<void> {
  const conn = connect(options);
  try {
    await migrateToLatest(conn.db, conn.dialect);
    const epoch = await renewFeedEpoch(conn.db, new Date().toISOString());
    // SQLite: everything into the main file before it is renamed into place.
    if (conn.dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(conn.db);
    console.log(`New change-feed epoch ${epoch}: devices will sync again from the start`);
  } finally {
    await conn.close();
  }
}

async function restoreSqlite(file: string, target: string, force: boolean): Promise<void> {
  if (sqliteHasData(target) && !force) {
    throw new Error(`${target} already holds a database: pass --force to replace it`);
  }
  sqliteFigures(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Write next to the target, then rename: a crash mid-restore never leaves half a database.
  const tmp = `${target}.restoring`;
  fs.rmSync(tmp, { force: true });
  const src = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await src.backup(tmp);
  } finally {
    src.close();
  }
  await renewFeed({ dialect: 'sqlite', path: tmp });
  for (const suffix of ['-wal', '-shm']) {
    fs.rmSync(`${tmp}${suffix}`, { force: true });
    fs.rmSync(`${target}${suffix}`, { force: true });
  }
  fs.renameSync(tmp, target);
  const f = sqliteFigures(target);
  console.log(`Restored ${file} → SQLite ${target} (${f.cases} cases, ${f.events} case events)`);
}

async function pgHasData(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema = 'public'",
    );
    return Number(r.rows[0]!.n) > 0;
  } finally {
    await c.end();
  }
}

/** The target database may not exist yet on a fresh server: create it. */
async function ensurePgDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unexpected database name: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount === 0) {
      await c.query(`CREATE DATABASE ${name}`);
      console.log(`Created database ${name}`);
    }
  } finally {
    await c.end();
  }
}

async function restorePostgres(file: string, url: string, force: boolean): Promise<void> {
  await ensurePgDatabase(url);
  const hasData = await pgHasData(url);
  if (hasData && !force) {
    throw new Error('the target database already holds tables: pass --force to replace them');
  }
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'];
  if (hasData) args.push('--clean', '--if-exists');
  args.push(`--dbname=${url}`, file);
  const r = spawnSync('pg_restore', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (r.error) throw new Error(`pg_restore could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`pg_restore failed (${r.status}): ${r.stderr}`);
  await renewFeed({ dialect: 'postgres', url, max: 1 });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cases = await c.query<{ n: string }>('select count(*) as n from cases');
    const events = await c.query<{ n: string }>('select count(*) as n from case_events');
    console.log(
      `Restored ${file} → PostgreSQL (${cases.rows[0]!.n} cases, ${events.rows[0]!.n} case events)`,
    );
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.file)) throw new Error(`no such backup: ${opts.file}`);
  const env = parseEnv();
  const kind = kindOf(opts.file);
  if (env.DATABASE_URL) {
    if (kind !== 'pg_dump') throw new Error('DATABASE_URL is set but this is a SQLite backup');
    await restorePostgres(opts.file, env.DATABASE_URL, opts.force);
  } else {
    if (kind !== 'sqlite') {
      throw new Error('this is a PostgreSQL backup: set DATABASE_URL to the target database');
    }
    await restoreSqlite(opts.file, path.resolve(env.SQLITE_PATH), opts.force);
  }
}

main().catch((err: unknown) => {
  console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
