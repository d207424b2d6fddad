import type { Case, PullChange, PullEntity, PullResponse } from '@anxin/shared';
import {
  DEFAULT_PULL_LIMIT,
  eventForPull,
  maskCase,
  maskEvent,
  maskMediation,
  PROTOCOL_WITH_DIRECTORY,
  PROTOCOL_WITH_INSTALMENTS,
  PROTOCOL_WITH_SLIM_CREATION,
  t,
} from '@anxin/shared';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { metricsOf } from '../../observability/metrics';
import { attachmentsByIds, attachmentsOfCase } from '../../repositories/attachments';
import { calendarYears } from '../../repositories/calendars';
import { casesByIds } from '../../repositories/cases';
import { eventIdsOfCase, eventsByIds } from '../../repositories/events';
import {
  countFeedAfter,
  entitiesFedBefore,
  type FeedEntry,
  type FeedPosition,
  readFeed,
} from '../../repositories/feed';
import { feedEpoch } from '../../repositories/feed-epoch';
import {
  instalmentPaymentsByIds,
  instalmentPaymentsOfCase,
} from '../../repositories/instalment-payments';
import { mediationsByIds, mediationsOfCase } from '../../repositories/mediations';
import { caseTreesInTowns, rememberScope, scopeOfTag } from '../../repositories/pull-scopes';
import { type Actor, inScope, scopeOf } from '../../repositories/scope';
import { listTowns, listUnits } from '../../repositories/units';

/**
 * Opaque to clients: `v2.<feed epoch>.<xid>.<seq>.<scope tag>` — which feed (a restore from
 * backup starts a new one), the last position handed out, and the town set it was handed
 * out for. `v1.<xid>.<seq>[.<tag>]`, from before the epoch, is still read.
 */
export interface PullCursor extends FeedPosition {
  /** null: a v1 cursor, from before the feed had an epoch. */
  epoch: string | null;
  tag: string | null;
}

export function encodeCursor(p: FeedPosition, epoch: string, tag?: string | null): string {
  const base = `v2.${epoch}.${p.xid}.${p.seq}`;
  return tag ? `${base}.${tag}` : base;
}

export function decodeCursor(cursor: string | undefined): PullCursor | null | 'invalid' {
  if (cursor === undefined || cursor === '') return null;
  const m =
    /^v2\.([0-9a-f]{12})\.(\d{1,19})\.(\d{1,19})(?:\.([0-9a-f]{12}))?$/.exec(cursor) ??
    /^v1()\.(\d{1,19})\.(\d{1,19})(?:\.([0-9a-f]{12}))?$/.exec(cursor);
  if (!m) return 'invalid';
  const xid = Number(m[2]);
  const seq = Number(m[3]);
  if (!Number.isSafeInteger(xid) || !Number.isSafeInteger(seq)) return 'invalid';
  return { epoch: m[1] || null, xid, seq, tag: m[4] ?? null };
}

interface Emit {
  entity: PullEntity;
  id: string;
  op: 'put' | 'remove';
  caseId: string;
}

/**
 * GET /api/sync/pull. The feed holds pointers (entity, id, the case's town when written);
 * the data sent is the row as it is NOW, masked for this user, so a page never carries a
 * stale copy and a change seen twice is harmless. Per entry, for this user:
 * - the case is in scope now → `put` the current row;
 * - a case.assign moved the case (entry has prev_town_id): in scope now → `put` the case
 *   and everything under it (mediations, events, attachments) — it just arrived; out of
 *   scope now but the old town was in scope → `remove` the case and everything under it;
 * - otherwise (out of scope now) → nothing: the assign entry that moved it out, later in the
 *   feed, tells this user to drop it.
 * A row appears once per page, with its last op. When the user's own towns changed since
 * the cursor was issued (an officer moved to another town), the towns they lost are removed
 * and the feed restarts for the new scope.
 */
export async function pull(
  deps: AppDeps,
  actor: Actor,
  q: {
    cursor?: string | undefined;
    limit?: number | undefined;
    total?: '1' | undefined;
    protocol?: number;
  },
  lang: 'zh' | 'en',
): Promise<PullResponse> {
  const decoded = decodeCursor(q.cursor);
  if (decoded === 'invalid') {
    throw new HttpError('invalid', t('sync.badCursor', lang), {
      fields: { cursor: t('sync.badCursor', lang) },
    });
  }
  const feed = await feedEpoch(deps.db);
  // A cursor of another feed (handed out before a restore) would skip what was written
  // after the restore: refused, and the device pulls from the start.
  if (decoded && (decoded.epoch === null ? feed.restored : decoded.epoch !== feed.epoch)) {
    throw new HttpError('invalid', t('sync.otherFeed', lang), {
      fields: { cursor: t('sync.otherFeed', lang) },
    });
  }
  const limit = q.limit ?? DEFAULT_PULL_LIMIT;
  const scope = scopeOf(actor);
  const serverTime = deps.now().toISOString();
  const tag = await rememberScope(deps.db, scope, serverTime);

  // The user's towns changed since this cursor was issued: drop what left the scope, then
  // send the whole new scope again from the start of the feed.
  let after: FeedPosition | null = decoded;
  const leftScope: Emit[] = [];
  if (decoded?.tag && decoded.tag !== tag) {
    after = null;
    const old = await scopeOfTag(deps.db, decoded.tag);
    const oldTowns =
      old === null ? [] : old.all ? (await listTowns(deps.db)).map((t) => t.id) : old.townIds;
    const gone = oldTowns.filter((t) => !inScope(scope, t));
    for (const x of await caseTreesInTowns(deps.db, gone)) {
      leftScope.push({ entity: x.entity, id: x.id, op: 'remove', caseId: '' });
    }
    deps.log('pull.scopeChanged', { userId: actor.id, removedTowns: gone });
  }

  const entries = await readSettledFeed(deps, scope, after, limit + 1);
  const hasMore = entries.length > limit;
  const page = entries.slice(0, limit);
  const last = page.at(-1);
  const position = last ?? after;
  const cursor = position ? encodeCursor(position, feed.epoch, tag) : '';

  const cases = await casesByIds(
    deps.db,
    page.map((e) => e.caseId),
  );
  const emits: Emit[] = [...leftScope];
  const directory = (q.protocol ?? PROTOCOL_WITH_DIRECTORY) >= PROTOCOL_WITH_DIRECTORY;
  // Older devices know no `instalment` entity: a page with one would fail to parse there.
  const withInstalments = (q.protocol ?? PROTOCOL_WITH_INSTALMENTS) >= PROTOCOL_WITH_INSTALMENTS;
  // A client that does not say its protocol gets creation events whole: leaving data out is
  // not additive, so only a client that knows about it is sent the slim form.
  const slimCreation = (q.protocol ?? 0) >= PROTOCOL_WITH_SLIM_CREATION;
  for (const e of page) {
    if (e.entity === 'unit' || e.entity === 'calendar') {
      if (directory) emits.push({ entity: e.entity, id: e.entityId, op: 'put', caseId: '' });
      continue;
    }
    emits.push(...(await resolveEntry(deps, scope, e, cases)));
  }
  if (!withInstalments) {
    for (let i = emits.length - 1; i >= 0; i--)
      if (emits[i]!.entity === 'instalment') emits.splice(i, 1);
  }

  // One change per row: at its first position in the page (so a case comes before its
  // events), with its last op (data is the current row anyway).
  const byRow = new Map<string, Emit>();
  for (const x of emits) {
    const key = `${x.entity}:${x.id}`;
    const seen = byRow.get(key);
    if (seen) seen.op = x.op;
    else byRow.set(key, { ...x });
  }
  const kept = [...byRow.values()];

  const ids = (entity: PullEntity) =>
    kept.filter((x) => x.entity === entity && x.op === 'put').map((x) => x.id);
  // Independent look-ups, sent together (on PostgreSQL, one round trip's wait instead of
  // one each); an empty list sends nothing.
  const [mediations, events, attachments, instalments] = await Promise.all([
    mediationsByIds(deps.db, ids('mediation')),
    eventsByIds(deps.db, ids('event')),
    attachmentsByIds(deps.db, ids('attachment')),
    instalmentPaymentsByIds(deps.db, ids('instalment')),
  ]);
  const wantsDirectory = kept.some((x) => x.entity === 'unit' || x.entity === 'calendar');
  const units = new Map(
    wantsDirectory ? (await listUnits(deps.db)).map((u) => [u.id, u] as const) : [],
  );
  const calendars = new Map(
    wantsDirectory
      ? (await calendarYears(deps.db)).map(
          (y) =>
            [
              String(y.year),
              { year: y.year, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays },
            ] as const,
        )
      : [],
  );

  const changes: PullChange[] = [];
  for (const x of kept) {
    if (x.op === 'remove') {
      changes.push({ entity: x.entity, id: x.id, op: 'remove', version: versionOf(x, cases) });
      continue;
    }
    const data =
      x.entity === 'unit'
        ? present(units.get(x.id))
        : x.entity === 'calendar'
          ? present(calendars.get(x.id))
          : dataOf(x, actor, cases, { mediations, events, attachments, instalments }, slimCreation);
    if (data === null) continue;
    changes.push({
      entity: x.entity,
      id: x.id,
      op: 'put',
      version: data.version,
      data: data.value,
    });
  }
  const answer: PullResponse = { changes, cursor, hasMore, serverTime };
  metricsOf(deps).countPull(changes.length);
  // An estimate by design. Caught up (no more pages): 0, with no query. Else one scoped
  // count of the feed entries after this page, scaled by this page's own entries-to-changes
  // ratio: a row written several times arrives once per page (the seed's cases fold 40
  // entries into ~26 changes), so the raw count would leave the bar a third short at the end.
  // Capped at 1: a case that moved in brings its tree (more changes than entries) and must
  // not inflate the guess; the device asks again if changes outrun it.
  if (q.total === '1') {
    answer.remaining = hasMore
      ? Math.round(
          (await countFeedAfter(deps.db, deps.dialect, scope, position)) *
            Math.min(1, changes.length / page.length),
        )
      : 0;
  }
  return answer;
}

/**
 * Reads the feed, waiting a moment (PULL_WAIT_MS, real time) while committed changes sit
 * behind an older PostgreSQL transaction that is still running. Transactions are short, so
 * this almost always lets a device read what was just written (its own push included)
 * instead of finding it on the next sync. After the wait, whatever is settled is returned;
 * the rest comes with a later pull — late, never lost.
 */
async function readSettledFeed(
  deps: AppDeps,
  scope: ReturnType<typeof scopeOf>,
  after: FeedPosition | null,
  limit: number,
): Promise<FeedEntry[]> {
  const deadline = Date.now() + deps.config.pullWaitMs;
  for (;;) {
    const { entries, heldBack } = await readFeed(deps.db, deps.dialect, scope, after, limit);
    if (!heldBack || Date.now() >= deadline) return entries;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Units and calendar years carry no version of their own: the current row is sent. */
function present(value: unknown): { version: number; value: unknown } | null {
  return value === undefined ? null : { version: 1, value };
}

function versionOf(x: Emit, cases: Map<string, Case>): number {
  return x.entity === 'case' ? (cases.get(x.id)?.version ?? 0) : 1;
}

function dataOf(
  x: Emit,
  actor: Actor,
  cases: Map<string, Case>,
  rows: {
    mediations: Awaited<ReturnType<typeof mediationsByIds>>;
    events: Awaited<ReturnType<typeof eventsByIds>>;
    attachments: Awaited<ReturnType<typeof attachmentsByIds>>;
    instalments: Awaited<ReturnType<typeof instalmentPaymentsByIds>>;
  },
  slimCreation: boolean,
): { version: number; value: unknown } | null {
  const { mediations, events, attachments, instalments } = rows;
  switch (x.entity) {
    case 'case': {
      const c = cases.get(x.id);
      return c ? { version: c.version, value: maskCase(c, actor.role, 'pull') } : null;
    }
    case 'mediation': {
      const m = mediations.get(x.id);
      return m ? { version: m.version, value: maskMediation(m, actor.role, 'pull') } : null;
    }
    case 'event': {
      const e = events.get(x.id);
      if (!e) return null;
      return {
        version: 1,
        value: maskEvent(slimCreation ? eventForPull(e) : e, actor.role, 'pull'),
      };
    }
    case 'attachment': {
      const a = attachments.get(x.id);
      return a ? { version: 1, value: a } : null;
    }
    case 'instalment': {
      const p = instalments.get(x.id);
      return p ? { version: p.version, value: p } : null;
    }
    default:
      return null;
  }
}

/**
 * A case's mediations, events and attachments; with `before`, only those whose own feed
 * entry comes before that position — what a device that lost the case at that point could
 * have held (anything later was never sent to it, so it gets no removal either).
 */
async function childrenOf(deps: AppDeps, caseId: string, before?: FeedPosition): Promise<Emit[]> {
  const all = await allChildrenOf(deps, caseId);
  if (!before) return all;
  const earlier = await entitiesFedBefore(deps.db, caseId, before);
  return all.filter((x) => earlier.has(`${x.entity}:${x.id}`));
}

async function allChildrenOf(deps: AppDeps, caseId: string): Promise<Emit[]> {
  const out: Emit[] = [];
  for (const m of await mediationsOfCase(deps.db, caseId)) {
    out.push({ entity: 'mediation', id: m.id, op: 'put', caseId });
  }
  for (const id of await eventIdsOfCase(deps.db, caseId)) {
    out.push({ entity: 'event', id, op: 'put', caseId });
  }
  for (const a of await attachmentsOfCase(deps.db, caseId)) {
    out.push({ entity: 'attachment', id: a.id, op: 'put', caseId });
  }
  for (const p of await instalmentPaymentsOfCase(deps.db, caseId)) {
    out.push({ entity: 'instalment', id: p.id, op: 'put', caseId });
  }
  return out;
}

async function resolveEntry(
  deps: AppDeps,
  scope: ReturnType<typeof scopeOf>,
  e: FeedEntry,
  cases: Map<string, Case>,
): Promise<Emit[]> {
  const current = cases.get(e.caseId);
  const visibleNow = current !== undefined && inScope(scope, current.townId);
  const moved = e.entity === 'case' && e.prevTownId !== null;
  if (e.op === 'remove') {
    // A tombstone: whoever could see the row when it was deleted drops it.
    return inScope(scope, e.townId)
      ? [{ entity: e.entity, id: e.entityId, op: 'remove', caseId: e.caseId }]
      : [];
  }
  if (moved) {
    const self: Emit = { entity: 'case', id: e.caseId, op: 'put', caseId: e.caseId };
    if (visibleNow) return [self, ...(await childrenOf(deps, e.caseId))];
    if (e.prevTownId !== null && inScope(scope, e.prevTownId)) {
      const held = await childrenOf(deps, e.caseId, e);
      return [self, ...held].map((x) => ({ ...x, op: 'remove' as const }));
    }
    return [];
  }
  if (!visibleNow) return [];
  return [{ entity: e.entity, id: e.entityId, op: 'put', caseId: e.caseId }];
}
