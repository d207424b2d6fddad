import { sql } from 'kysely';
import { actorOf } from '../api/src/services/seed/seed';
import { decodeCursor } from '../api/src/services/sync/pull';
import { startTestApi } from '../api/test-support';
import { seedCases } from '../bench/lib/seed-server';
const t = await startTestApi({ dialect: 'sqlite' });
await seedCases(t, [
  { username: 'officer.choucheng', townId: 'choucheng', count: 1000, prefix: 'load-c' },
  { username: 'officer.fotang', townId: 'fotang', count: 1000, prefix: 'load-f' },
]);
const c = await sql<any>`select max(seq) as m, count(*) as n from change_feed`.execute(t.db);
console.log(c.rows);
const m = c.rows[0].m - 10;
const q = `select * from (select * from change_feed where (town_id in ('choucheng') or prev_town_id in ('choucheng')) and xid = 0 and seq > ${m} order by seq limit 21) a union all select * from (select * from change_feed where (town_id in ('choucheng') or prev_town_id in ('choucheng')) and xid > 0 order by xid, seq limit 21) b order by xid, seq limit 21`;
const p = await sql<any>`${sql.raw('explain query plan ' + q)}`.execute(t.db);
console.log(p.rows.map((r: any) => r.detail).join('\n'));
const idx = await sql<any>`select sql from sqlite_master where tbl_name='change_feed'`.execute(t.db);
console.log(idx.rows.map((r: any) => r.sql).join('\n'));
await t.close();
