import type { Case, Lang } from '@anxin/shared';
import { fieldErrors, INVALID_MESSAGE, isRealDate, seesAllTowns } from '@anxin/shared';
import { z } from 'zod';
import { HTTP_MESSAGES, HttpError } from '../http/errors';
import type { Actor } from '../repositories/scope';

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
  if (!seesAllTowns(actor.role)) throw new HttpError('forbidden', HTTP_MESSAGES.forbidden[lang]);
}

export const dayParam = z.string().refine(isRealDate, { error: 'date.invalid' });

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The same period rule as GET /api/dashboard: town, and receipt date from–to in China
 * calendar days, both ends inclusive.
 */
export function inPeriod(
  c: Pick<Case, 'townId' | 'receivedAt'>,
  q: { townId?: string | undefined; from?: string | undefined; to?: string | undefined },
): boolean {
  const r = Date.parse(c.receivedAt);
  const fromMs = q.from ? Date.parse(`${q.from}T00:00:00Z`) - CHINA_OFFSET_MS : null;
  const toMs = q.to ? Date.parse(`${q.to}T00:00:00Z`) - CHINA_OFFSET_MS + 86_400_000 : null;
  return (
    (q.townId === undefined || c.townId === q.townId) &&
    (fromMs === null || r >= fromMs) &&
    (toMs === null || r < toMs)
  );
}
