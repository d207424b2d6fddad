// Backs up the database the server is configured for (same env: DATABASE_URL, else
// SQLITE_PATH) to one file, while the server keeps running.
//
//   npx tsx scripts/backup.ts [--out <file>]
//
// SQLite: the online backup API of better-sqlite3 (a consistent copy even while the server
// writes), then an integrity check of the copy. PostgreSQL: pg_dump in its custom format
// (restore with scripts/restore.ts, or pg_restore). Prints the file and what it holds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { parseEnv } from '../api/src/config/env';
import { sqliteFigures } from './sqlite-figures';

interface Options {
  out: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out' || a === '-o') {
      const v = argv[++i];
      if (!v) throw new Error('--out needs a file name');
      opts.out = v;
    } else if (a.startsWith('--out=')) {
      opts.out = a.slice('--out='.length);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npx tsx scripts/backup.ts [--out <file>]');
      process.exit(0);
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return opts;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
}

function prepareOut(file: string): string {
  const abs = path.resolve(file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  if (fs.existsSync(abs)) throw new Error(`${abs} exists: refusing to overwrite a backup`);
  return abs;
}

async function backupSqlite(source: string, out: string): Promise<void> {
  if (!fs.existsSync(source)) throw new Error(`no SQLite database at ${source}`);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    // Same wait as the server, so a write in progress delays the copy instead of failing it.
    db.pragma('busy_timeout = 5000');
    await db.backup(out);
  } finally {
    db.close();
  }
  const f = sqliteFigures(out);
  console.log(`SQLite backup written: ${out} (${f.cases} cases, ${f.events} case events)`);
}

function backupPostgres(url: string, out: string): void {
  const which = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    throw new Error('pg_dump is not on PATH: install the PostgreSQL client (postgresql-client)');
  }
  const r = spawnSync(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, `--dbname=${url}`],
    { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] },
  );
  if (r.status !== 0) {
    fs.rmSync(out, { force: true });
    throw new Error(`pg_dump failed (${r.status}): ${r.stderr}`);
  }
  console.log(`PostgreSQL backup written: ${out} (pg_dump custom format, ${which.stdout.trim()})`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const env = parseEnv();
  if (env.DATABASE_URL) {
    const out = prepareOut(opts.out ?? path.join('data', 'backups', `anxin-pg-${stamp()}.dump`));
    backupPostgres(env.DATABASE_URL, out);
  } else {
    const out = prepareOut(opts.out ?? path.join('data', 'backups', `anxin-${stamp()}.sqlite`));
    await backupSqlite(path.resolve(env.SQLITE_PATH), out);
  }
}

main().catch((err: unknown) => {
  console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
