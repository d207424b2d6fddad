import type { Executor } from '../db/schema';

export interface CaseLink {
  caseId: string;
  otherId: string;
  kind: 'linked' | 'merged';
  createdBy: string;
  createdAt: string;
}

export async function insertLink(db: Executor, l: CaseLink): Promise<void> {
  await db
    .insertInto('case_links')
    .values({
      case_id: l.caseId,
      other_id: l.otherId,
      kind: l.kind,
      created_by: l.createdBy,
      created_at: l.createdAt,
    })
    .onConflict((oc) => oc.columns(['case_id', 'other_id']).doUpdateSet({ kind: l.kind }))
    .execute();
}

/** Links touching any of the cases, in either direction. */
export async function linksOf(db: Executor, caseIds: readonly string[]): Promise<CaseLink[]> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return [];
  const out: CaseLink[] = [];
  for (let i = 0; i < ids.length; i += 400) {
    const chunk = ids.slice(i, i + 400);
    const rows = await db
      .selectFrom('case_links')
      .selectAll()
      .where((eb) => eb.or([eb('case_id', 'in', chunk), eb('other_id', 'in', chunk)]))
      .execute();
    for (const r of rows) {
      out.push({
        caseId: r.case_id,
        otherId: r.other_id,
        kind: r.kind as CaseLink['kind'],
        createdBy: r.created_by,
        createdAt: r.created_at,
      });
    }
  }
  return out;
}

/** Cases folded into another by case.merge: they are no longer work of their own. */
export async function mergedCaseIds(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('case_links')
    .select('case_id')
    .where('kind', '=', 'merged')
    .execute();
  return new Set(rows.map((r) => r.case_id));
}
