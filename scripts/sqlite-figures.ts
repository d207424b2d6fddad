import SQLite from 'better-sqlite3';

// Its own module, not backup.ts: restore.ts imports it, and a bundle of restore must not
// carry backup's start-up (dist/server/restore.js, scripts/build-server.ts).
/** Cases and events in a SQLite file: the two figures an operator checks first. */
export function sqliteFigures(file: string): { cases: number; events: number } {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check of ${file} failed: ${String(check)}`);
    const one = (q: string) => (db.prepare(q).get() as { n: number }).n;
    return {
      cases: one('select count(*) as n from cases'),
      events: one('select count(*) as n from case_events'),
    };
  } finally {
    db.close();
  }
}
