import type { EmployerHistory, Lang } from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { allCasesInScope } from '../repositories/cases';
import { type Actor, scopeOf } from '../repositories/scope';
import { parseQuery } from './query';

const employerQuerySchema = z.strictObject({
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{18}$/i, { error: 'invalid' }),
});

/**
 * GET /api/employers/history?creditCode= — what this employer owed before: cases in the
 * user's own towns in full, the city-wide count only. Inspectors take it on trips.
 */
export async function employerHistory(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<EmployerHistory> {
  const { creditCode } = parseQuery(employerQuerySchema, raw, lang);
  const code = creditCode.toUpperCase();
  const all = (await allCasesInScope(deps.db, { all: true })).filter(
    (c) => c.employer.creditCode === code,
  );
  const scope = scopeOf(actor);
  const visible = scope.all ? all : all.filter((c) => scope.townIds.includes(c.townId));
  return {
    creditCode: code,
    cityTotal: all.length,
    cases: visible
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .map((c) => ({
        id: c.id,
        caseNo: c.caseNo,
        townId: c.townId,
        status: c.status,
        receivedAt: c.receivedAt,
        resolvedAt: c.resolvedAt,
        outcome: c.outcome,
        workersCount: c.workersCount,
        owedFen: c.claimants.reduce((s, cl) => s + cl.owedFen, 0),
        recoveredFen: c.recoveredFen,
      })),
  };
}
