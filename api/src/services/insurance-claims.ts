import type { ClaimsAnswer, Lang } from '@anxin/shared';
import { chinaDate, INSURANCE_CLAIM_STATUSES, isClaimLate } from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { listClaims } from '../repositories/insurance-claims';
import { type Actor, scopeOf } from '../repositories/scope';
import { parseQuery } from './query';

const claimsQuerySchema = z.strictObject({
  status: z.enum(INSURANCE_CLAIM_STATUSES, { error: 'notInList' }).optional(),
  townId: z.string().max(32).optional(),
});

/** GET /api/insurance/claims — claims in the user's towns (office: all), late ones marked. */
export async function claimsFor(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<ClaimsAnswer> {
  const q = parseQuery(claimsQuerySchema, raw, lang);
  const today = chinaDate(deps.now().getTime());
  const f: Parameters<typeof listClaims>[2] = {};
  if (q.status !== undefined) f.status = q.status;
  if (q.townId !== undefined) f.townId = q.townId;
  const claims = await listClaims(deps.db, scopeOf(actor), f);
  return { claims: claims.map((c) => ({ ...c, late: isClaimLate(c, today) })), today };
}
