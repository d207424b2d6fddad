import type { Case, Lang } from '@anxin/shared';
import {
  chinaDayStartMs,
  fieldErrors,
  INVALID_MESSAGE,
  isRealDate,
  seesAllTowns,
  t,
} from '@anxin/shared';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import type { Actor } from '../repositories/scope';

/**
 * What the read services share: a query string read into a typed filter (400 with field
 * messages otherwise), the desk check, and the receipt-period rule every figure and export
 * filters by.
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  raw: Record<string, string>,
  lang: Lang,
): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError('invalid', INVALID_MESSAGE[lang], {
      fields: fieldErrors(parsed.error, lang),
    });
  }
  return parsed.data;
}

/** Desk work (triage, duplicates across the city, review, insurance approval) is office work. */
export function requireDesk(actor: Actor, lang: Lang): void {
  if (!seesAllTowns(actor.role)) throw new HttpError('forbidden', t('http.forbidden', lang));
}

export const dayParam = z.string().refine(isRealDate, { error: 'date.invalid' });

/** Town and receipt date from–to, China calendar days, both ends inclusive. */
export interface PeriodFilter {
  townId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function inPeriod(c: Pick<Case, 'townId' | 'receivedAt'>, q: PeriodFilter): boolean {
  const r = Date.parse(c.receivedAt);
  return (
    (q.townId === undefined || c.townId === q.townId) &&
    (q.from === undefined || r >= chinaDayStartMs(q.from)) &&
    (q.to === undefined || r < chinaDayStartMs(q.to) + 86_400_000)
  );
}
