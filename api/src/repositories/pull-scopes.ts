import { createHash } from 'node:crypto';
import type { Executor } from '../db/schema';
import type { Scope } from './scope';

/** A short, stable name for a town set: the same towns always give the same tag. */
export function scopeTag(scope: Scope): string {
  const key = scope.all ? '*' : JSON.stringify([...scope.townIds].sort());
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * Tags this process has seen stored, per database. A stored tag is never changed or
 * removed, so once seen, a pull need not look it up again (it did on every request).
 */
const storedTags = new WeakMap<Executor, Set<string>>();

export async function rememberScope(db: Executor, scope: Scope, at: string): Promise<string> {
  const tag = scopeTag(scope);
  let seen = storedTags.get(db);
  if (seen?.has(tag)) return tag;
  const known = await db
    .selectFrom('pull_scopes')
    .select('tag')
    .where('tag', '=', tag)
    .executeTakeFirst();
  if (!known) {
    await db
      .insertInto('pull_scopes')
      .values({
        tag,
        town_ids: scope.all ? '*' : JSON.stringify([...scope.townIds].sort()),
        created_at: at,
      })
      .onConflict((oc) => oc.column('tag').doNothing())
      .execute();
  }
  if (!seen) {
    seen = new Set();
    storedTags.set(db, seen);
  }
  seen.add(tag);
  return tag;
}

export async function scopeOfTag(db: Executor, tag: string): Promise<Scope | null> {
  const row = await db
    .selectFrom('pull_scopes')
    .select('town_ids')
    .where('tag', '=', tag)
    .executeTakeFirst();
  if (!row) return null;
  return row.town_ids === '*'
    ? { all: true }
    : { all: false, townIds: JSON.parse(row.town_ids) as string[] };
}

/** Every case currently in one of these towns, with the ids of what hangs under it. */
export async function caseTreesInTowns(
  db: Executor,
  townIds: readonly string[],
): Promise<
  Array<{ entity: 'case' | 'mediation' | 'event' | 'attachment' | 'instalment'; id: string }>
> {
  if (townIds.length === 0) return [];
  const cases = await db
    .selectFrom('cases')
    .select('id')
    .where('town_id', 'in', [...townIds])
    .orderBy('id')
    .execute();
  const out: Array<{
    entity: 'case' | 'mediation' | 'event' | 'attachment' | 'instalment';
    id: string;
  }> = [];
  for (let i = 0; i < cases.length; i += 500) {
    const ids = cases.slice(i, i + 500).map((c) => c.id);
    for (const id of ids) out.push({ entity: 'case', id });
    const meds = await db
      .selectFrom('mediations')
      .select('id')
      .where('case_id', 'in', ids)
      .execute();
    for (const m of meds) out.push({ entity: 'mediation', id: m.id });
    const evs = await db
      .selectFrom('case_events')
      .select('id')
      .where('case_id', 'in', ids)
      .execute();
    for (const e of evs) out.push({ entity: 'event', id: e.id });
    const atts = await db
      .selectFrom('attachments')
      .select('id')
      .where('case_id', 'in', ids)
      .execute();
    for (const a of atts) out.push({ entity: 'attachment', id: a.id });
    const checks = await db
      .selectFrom('instalment_payments')
      .select('id')
      .where('case_id', 'in', ids)
      .execute();
    for (const p of checks) out.push({ entity: 'instalment', id: p.id });
  }
  return out;
}
