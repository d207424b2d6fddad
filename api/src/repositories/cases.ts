import type {
  Case,
  CaseOutcome,
  CaseProject,
  CaseSector,
  CaseSource,
  CaseStatus,
  Claimant,
  Employer,
  StageBounds,
} from '@anxin/shared';
import { normalizeName, totalOwedFen } from '@anxin/shared';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { deferredInsertsOf } from '../db/deferred-inserts';
import type { CasesTable, Database, Dialect, Executor } from '../db/schema';
import { inScope, type Scope } from './scope';

/** The stored case plus what only the server keeps: which version last changed each field. */
export interface StoredCase {
  case: Case;
  fieldVersions: Record<string, number>;
}

export function rowToCase(row: CasesTable): Case {
  return {
    id: row.id,
    caseNo: row.case_no,
    version: row.version,
    townId: row.town_id,
    status: row.status as CaseStatus,
    source: row.source as CaseSource,
    employer: JSON.parse(row.employer) as Employer,
    claimants: JSON.parse(row.claimants) as Claimant[],
    workersCount: row.workers_count,
    description: row.description,
    needsAssistance: row.needs_assistance === 1,
    assignedOfficerId: row.assigned_officer_id,
    receivedAt: row.received_at,
    firstActionAt: row.first_action_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    outcome: row.outcome as CaseOutcome | null,
    recoveredFen: Number(row.recovered_fen),
    reviewComment: row.review_comment,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    // Only when set: a case from before the public channel has no such keys at all, the
    // same as the device's own copy of it.
    ...(row.sector ? { sector: row.sector as CaseSector } : {}),
    ...(row.project ? { project: JSON.parse(row.project) as CaseProject } : {}),
  };
}

function searchTextOf(c: Pick<Case, 'employer' | 'claimants'>): string {
  return [c.employer.name, ...c.claimants.map((cl) => cl.name)].join('\n').toLowerCase();
}

export function caseToRow(c: Case, fieldVersions: Record<string, number>): CasesTable {
  const elapsed =
    c.resolvedAt === null ? null : Date.parse(c.resolvedAt) - Date.parse(c.receivedAt);
  // The first action as the 1-3-7 clock counts it: a resolution stands in for a missing one.
  const firstAction = c.firstActionAt ?? c.resolvedAt;
  return {
    id: c.id,
    case_no: c.caseNo ?? '',
    version: c.version,
    town_id: c.townId,
    status: c.status,
    source: c.source,
    employer: JSON.stringify(c.employer),
    claimants: JSON.stringify(c.claimants),
    workers_count: c.workersCount,
    description: c.description,
    needs_assistance: c.needsAssistance ? 1 : 0,
    assigned_officer_id: c.assignedOfficerId,
    received_at: c.receivedAt,
    first_action_at: c.firstActionAt,
    resolved_at: c.resolvedAt,
    closed_at: c.closedAt,
    resolve_elapsed_ms: elapsed,
    first_action_elapsed_ms:
      firstAction === null ? null : Date.parse(firstAction) - Date.parse(c.receivedAt),
    owed_fen: totalOwedFen(c),
    outcome: c.outcome,
    recovered_fen: c.recoveredFen,
    review_comment: c.reviewComment,
    created_by: c.createdBy,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    field_versions: JSON.stringify(fieldVersions),
    search_text: searchTextOf(c),
    sector: c.sector ?? null,
    project: c.project ? JSON.stringify(c.project) : null,
  };
}

function toStored(row: CasesTable): StoredCase {
  return {
    case: rowToCase(row),
    fieldVersions: JSON.parse(row.field_versions) as Record<string, number>,
  };
}

export type CaseLookup =
  | { kind: 'found'; stored: StoredCase }
  | { kind: 'missing' }
  | { kind: 'out_of_scope'; townId: string };

/**
 * Loads a case for the actor's scope. Out-of-scope and missing are told apart only so the
 * caller can log the attempt; both must answer "not found". With `forUpdate` (inside a push
 * transaction) PostgreSQL locks the row so two writers to one case go one after the other;
 * SQLite has a single writer already.
 */
export async function lookupCase(
  db: Executor,
  dialect: Dialect,
  scope: Scope,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CaseLookup> {
  let q = db.selectFrom('cases').selectAll().where('id', '=', id);
  if (opts.forUpdate && dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return { kind: 'missing' };
  if (!inScope(scope, row.town_id)) return { kind: 'out_of_scope', townId: row.town_id };
  return { kind: 'found', stored: toStored(row) };
}

export async function caseExists(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function insertCase(db: Executor, stored: StoredCase): Promise<void> {
  await db.insertInto('cases').values(caseToRow(stored.case, stored.fieldVersions)).execute();
}

export async function updateCase(db: Executor, stored: StoredCase): Promise<void> {
  const { id: _id, ...row } = caseToRow(stored.case, stored.fieldVersions);
  await db.updateTable('cases').set(row).where('id', '=', stored.case.id).execute();
}

/**
 * The next number in a year's case sequence. The upsert takes the counter row's lock on
 * PostgreSQL (and SQLite has one writer), so two concurrent creates never share a number.
 */
export async function nextCaseNumber(db: Executor, year: number): Promise<number> {
  // In a push's run of mutations the counter is taken once and written back at its end.
  const held = deferredInsertsOf(db);
  const taken = held?.caseNumbers.get(year);
  if (taken) return ++taken.last;
  const row = await db
    .insertInto('case_counters')
    .values({ year, last_no: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last_no: eb('case_counters.last_no', '+', 1) })),
    )
    .returning('last_no')
    .executeTakeFirstOrThrow();
  const n = Number(row.last_no);
  held?.caseNumbers.set(year, { stored: n, last: n });
  return n;
}

export async function casesByIds(db: Executor, ids: readonly string[]): Promise<Map<string, Case>> {
  const out = new Map<string, Case>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('cases')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, rowToCase(r));
  }
  return out;
}

export const CASE_SORTS = {
  receivedAt: 'received_at',
  updatedAt: 'updated_at',
  caseNo: 'case_no',
  status: 'status',
  townId: 'town_id',
} as const;
export type CaseSortKey = keyof typeof CASE_SORTS;

export interface CaseListFilter {
  townIds?: readonly string[];
  statuses?: readonly CaseStatus[];
  stage?: StageBounds;
  assignedOfficerId?: string | null;
  q?: string;
  sort: CaseSortKey;
  descending: boolean;
  offset: number;
  limit: number;
}

/**
 * The cases table narrowed to a scope, or null when the scope holds no town (then nothing
 * matches, and no query is worth running). Every list and aggregate over cases starts here.
 */
export function casesInScopeQuery(db: Executor, scope: Scope) {
  const q = db.selectFrom('cases');
  if (scope.all) return q;
  const towns = [...scope.townIds];
  return towns.length === 0 ? null : q.where('town_id', 'in', towns);
}

/**
 * A 1-3-7 stage filter (shared `stageBounds`) as one condition on the stored columns: the
 * case list's stage filter and the dashboard's per-stage counts are this same expression.
 */
export function stageCondition(
  eb: ExpressionBuilder<Database, 'cases'>,
  b: StageBounds,
): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('resolved_at', b.resolved ? 'is not' : 'is', null)];
  if (b.statuses) {
    all.push(b.statuses.length === 0 ? sql<SqlBool>`1 = 0` : eb('status', 'in', [...b.statuses]));
  }
  if (b.excludeStatuses && b.excludeStatuses.length > 0) {
    all.push(eb('status', 'not in', [...b.excludeStatuses]));
  }
  if (b.firstActionNull !== undefined) {
    all.push(eb('first_action_at', b.firstActionNull ? 'is' : 'is not', null));
  }
  if (b.receivedAfter !== undefined) all.push(eb('received_at', '>', b.receivedAfter));
  if (b.receivedAtOrBefore !== undefined) {
    all.push(eb('received_at', '<=', b.receivedAtOrBefore));
  }
  if (b.resolvedLate !== undefined && b.resolveHours !== undefined) {
    all.push(eb('resolve_elapsed_ms', b.resolvedLate ? '>' : '<=', b.resolveHours * 3600_000));
  }
  return eb.and(all);
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Cases in scope matching the filter, one page of them, and how many match in all. */
export async function listCases(
  db: Executor,
  scope: Scope,
  f: CaseListFilter,
): Promise<{ items: Case[]; total: number }> {
  let q = casesInScopeQuery(db, scope);
  if (!q) return { items: [], total: 0 };
  if (f.townIds) {
    if (f.townIds.length === 0) return { items: [], total: 0 };
    q = q.where('town_id', 'in', [...f.townIds]);
  }
  if (f.statuses && f.statuses.length > 0) q = q.where('status', 'in', [...f.statuses]);
  if (f.assignedOfficerId !== undefined) {
    q =
      f.assignedOfficerId === null
        ? q.where('assigned_officer_id', 'is', null)
        : q.where('assigned_officer_id', '=', f.assignedOfficerId);
  }
  if (f.q) {
    // Names are stored normalised (NFKC, no zero-width characters): so is what is searched.
    const pattern = `%${likeEscape(normalizeName(f.q).toLowerCase())}%`;
    // An explicit ESCAPE so a typed % or _ is searched for literally on both dialects.
    q = q.where(sql<boolean>`search_text like ${pattern} escape '\\'`);
  }
  const b = f.stage;
  if (b) {
    if (b.statuses?.length === 0) return { items: [], total: 0 };
    q = q.where((eb) => stageCondition(eb, b));
  }
  const totalRow = await q
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const dir = f.descending ? 'desc' : 'asc';
  const rows = await q
    .selectAll()
    .orderBy(CASE_SORTS[f.sort], dir)
    .orderBy('id', dir)
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { items: rows.map(rowToCase), total: Number(totalRow.n) };
}

/** Every case in scope (for aggregates); the dashboard works on a few thousand rows. */
export async function allCasesInScope(db: Executor, scope: Scope): Promise<Case[]> {
  let q = db.selectFrom('cases').selectAll();
  if (!scope.all) {
    const towns = [...scope.townIds];
    if (towns.length === 0) return [];
    q = q.where('town_id', 'in', towns);
  }
  return (await q.execute()).map(rowToCase);
}
