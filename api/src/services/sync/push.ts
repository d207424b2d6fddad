import { createHash } from 'node:crypto';
import type {
  ActionWindow,
  Lang,
  MutationEnvelope,
  MutationName,
  PushRequest,
  PushResponse,
  PushResult,
} from '@anxin/shared';
import { actionWindow, fieldErrors, isMutationName, placeActionTime, t } from '@anxin/shared';
import type { ControlledTransaction } from 'kysely';
import { isRetryable, isUniqueViolation } from '../../db/connect';
import { DeferredInserts, deferInserts } from '../../db/deferred-inserts';
import type { Database, Tx } from '../../db/schema';
import type { AppDeps, Logger } from '../../deps';
import { HttpError } from '../../http/errors';
import { findNul } from '../../http/nul';
import { handlerFor, targetCaseId } from '../../mutations';
import { rejectText } from '../../mutations/messages';
import type { MutationContext, MutationHandler, MutationOutcome } from '../../mutations/types';
import { metricsOf } from '../../observability/metrics';
import { lastContactMs, touchClient } from '../../repositories/contacts';
import {
  claimClient,
  findLoggedMutation,
  findLoggedMutations,
  type LoggedMutation,
  logMutation,
} from '../../repositories/mutation-log';
import { type Actor, type Scope, scopeOf } from '../../repositories/scope';

/**
 * Key order must not change the hash: the same mutation re-sent is the same content. The
 * envelope's `occurredAt` stays out of it: a time is not content, and logs written before
 * devices sent one must still answer their re-sends.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(m: MutationEnvelope): string {
  return createHash('sha256')
    .update(canonicalJson({ name: m.name, args: m.args, baseVersion: m.baseVersion ?? null }))
    .digest('hex');
}

function toResult(id: string, outcome: MutationOutcome): PushResult {
  switch (outcome.status) {
    case 'applied':
      return { id, status: 'applied', version: outcome.version };
    case 'conflict':
      return {
        id,
        status: 'conflict',
        version: outcome.version,
        server: outcome.server,
        conflictFields: outcome.conflictFields,
      };
    case 'rejected': {
      const r: PushResult = {
        id,
        status: 'rejected',
        error: {
          code: outcome.code,
          message: outcome.message,
          ...(outcome.fields ? { fields: outcome.fields } : {}),
          ...(outcome.meta ? { meta: outcome.meta } : {}),
        },
      };
      if (outcome.version !== undefined) r.version = outcome.version;
      if (outcome.server !== undefined) r.server = outcome.server;
      return r;
    }
  }
}

async function runHandler<N extends MutationName>(
  handler: MutationHandler<N>,
  ctx: MutationContext,
  raw: unknown,
): Promise<MutationOutcome> {
  const prepared = handler.prepare
    ? await handler.prepare(ctx, raw)
    : { ok: true as const, args: raw };
  if (!prepared.ok) return prepared.outcome;
  const parsed = handler.schema.safeParse(prepared.args);
  if (!parsed.success) {
    return {
      status: 'rejected',
      code: 'invalid',
      message: rejectText('invalid', ctx.lang),
      fields: fieldErrors(parsed.error, ctx.lang),
    };
  }
  return handler.apply(ctx, parsed.data as Parameters<MutationHandler<N>['apply']>[1]);
}

const MAX_ATTEMPTS = 4;

/**
 * Results answered from the idempotency log (a re-sent mutation), so /metrics counts what
 * was applied once, not once per re-send.
 */
const replayed = new WeakSet<PushResult>();

/** One savepoint at a time: each is released or rolled back before the next is taken. */
const SAVEPOINT = 'mutation';
/** The savepoint around a run of mutations applied together (see `applyRun`). */
const RUN_SAVEPOINT = 'mutation_run';

/** What one push shares between its mutations: the same for each of them. */
interface BatchContext {
  deps: AppDeps;
  actor: Actor;
  scope: Scope;
  clientId: string;
  lang: Lang;
  window: ActionWindow;
}

type FindPrior = (mutationId: string) => Promise<LoggedMutation | null> | LoggedMutation | null;

/**
 * Applies one mutation inside the request's transaction together with its idempotency
 * record, its case event(s) and feed entries. The caller wraps it in a savepoint, so it is
 * still all or nothing per mutation. `logged` is what a later copy of the same id in this
 * push must answer (absent when nothing was logged: a replay, a reused id).
 */
async function applyOne(
  b: BatchContext,
  trx: Tx,
  m: MutationEnvelope,
  findPrior: FindPrior,
  log: Logger,
): Promise<{ result: PushResult; logged?: LoggedMutation }> {
  const { deps, actor, clientId, lang } = b;
  const hash = requestHash(m);
  // Keyed by user and mutation id only: the same mutation from another of the user's
  // devices answers its first result (the unique index makes a concurrent copy lose).
  const prior = await findPrior(m.id);
  if (prior) {
    if (prior.requestHash === hash) {
      replayed.add(prior.result);
      return { result: prior.result };
    }
    log('push.idReused', { userId: actor.id, clientId, mutationId: m.id });
    return {
      result: toResult(m.id, {
        status: 'rejected',
        code: 'invalid',
        message: rejectText('idReused', lang),
      }),
    };
  }
  const now = deps.now();
  let outcome: MutationOutcome;
  let name: MutationName | null = null;
  const handler = isMutationName(m.name) ? handlerFor(m.name) : undefined;
  const nulAt = findNul(m.args);
  if (nulAt !== null) {
    outcome = {
      status: 'rejected',
      code: 'invalid',
      message: rejectText('invalid', lang),
      fields: { [nulAt]: t('invalid', lang) },
    };
  } else if (!isMutationName(m.name) || !handler) {
    outcome = {
      status: 'rejected',
      code: 'invalid',
      message: rejectText('unknownMutation', lang),
      fields: { name: rejectText('unknownMutation', lang) },
    };
  } else {
    name = m.name;
    const occurred = placeActionTime(m.occurredAt, b.window);
    const ctx: MutationContext = {
      trx,
      dialect: deps.dialect,
      actor,
      scope: b.scope,
      clientId,
      mutationId: m.id,
      name,
      baseVersion: m.baseVersion,
      now,
      actionWindow: b.window,
      occurredAt: occurred.at,
      occurredAtMoved:
        occurred.clamped && m.occurredAt ? { sent: m.occurredAt, placed: occurred } : null,
      lang,
      config: deps.config,
      log,
    };
    outcome = await runHandler(handler, ctx, m.args);
  }
  const result = toResult(m.id, outcome);
  await logMutation(trx, {
    userId: actor.id,
    mutationId: m.id,
    clientId,
    name: m.name.slice(0, 64),
    targetId: name ? targetCaseId(name, m.args) : null,
    requestHash: hash,
    result,
    at: now.toISOString(),
  });
  // A copy, as a read of the log would give: the result itself is answered (and counted) once.
  return { result, logged: { requestHash: hash, result: JSON.parse(JSON.stringify(result)) } };
}

/**
 * On PostgreSQL a mutation that locked a row every writer needs (the case-number counter)
 * ends the batch's transaction once no mutation right after it needs that row too: held to
 * the end of a batch of 50 it made every other push that creates a case wait for the whole
 * batch, so pushes ran one at a time (decision 014); committed after every new case, a
 * push of new cases paid one WAL flush each (decision 020). So consecutive new cases share
 * a commit, at most SHARED_LOCK_STREAK of them, which bounds how long the others wait. While
 * the lock is held only more of the same follows, so no other lock is waited for under it.
 * The results are still answered only when the last transaction has committed; a batch
 * that fails after such a commit keeps what came before it, as it already does for an
 * error in a later mutation, and the device's re-send answers those from the idempotency
 * log. SQLite has one writer anyway, so there a batch stays one transaction (one fsync).
 */
export const SHARED_LOCK_STREAK = 32;

/** Applied mutations holding the shared row since the transaction began. */
interface SharedLock {
  held: number;
}

function locksSharedRow(m: MutationEnvelope): boolean {
  return isMutationName(m.name) && handlerFor(m.name)?.locksSharedRow === true;
}

function commitsNow(
  deps: AppDeps,
  lock: SharedLock,
  m: MutationEnvelope,
  result: PushResult,
  next: MutationEnvelope | undefined,
): boolean {
  if (deps.dialect !== 'postgres' || result.status !== 'applied' || !locksSharedRow(m)) {
    return false;
  }
  return next === undefined || !locksSharedRow(next) || lock.held >= SHARED_LOCK_STREAK;
}

/**
 * Whether the mutation may join a run (`applyRun`): its handler says it reads none of the
 * rows a run holds back, or no handler runs at all (an unknown name, a NUL in the args).
 */
function joinsRun(m: MutationEnvelope): boolean {
  const handler = isMutationName(m.name) ? handlerFor(m.name) : undefined;
  return handler === undefined || handler.batchesWrites === true;
}

/** A mutation that failed with an error no retry can cure; the ones before it still count. */
class MutationFailed extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('mutation failed', { cause });
  }
}

/**
 * Consecutive mutations applied under ONE savepoint, their idempotency records, events and
 * feed entries held back and written as multi-row inserts before the savepoint is released:
 * per mutation only its own rows (the case, its number) are written one by one. Handlers
 * decide before they write, so a rejected mutation has written nothing but its log record;
 * any error instead rolls the whole run back and answers null, and the caller applies the
 * same mutations again one savepoint each — which keeps each mutation all or nothing, the
 * ones before a failing mutation kept and its error answered as before. A concurrent
 * duplicate is found that way too: its log row breaks the unique index at the flush. Log
 * lines wait for the run to stand, so a run done again does not log twice. On PostgreSQL
 * the run ends where the transaction must commit (`commitsNow`), for the caller to commit.
 */
async function applyRun(
  b: BatchContext,
  trx: ControlledTransaction<Database>,
  run: readonly MutationEnvelope[],
  known: Map<string, LoggedMutation>,
  lock: SharedLock,
): Promise<PushResult[] | null> {
  const heldBefore = lock.held;
  const sp = await trx.savepoint(RUN_SAVEPOINT).execute();
  const held = new DeferredInserts();
  deferInserts(sp, held);
  const lines: Parameters<Logger>[] = [];
  const log: Logger = (...line) => {
    lines.push(line);
  };
  const logged = new Map<string, LoggedMutation>();
  const find = (id: string) => logged.get(id) ?? known.get(id) ?? null;
  const results: PushResult[] = [];
  try {
    for (const [i, m] of run.entries()) {
      if (results.length > 0 && b.deps.dialect === 'sqlite') await yieldTurn();
      const one = await applyOne(b, sp, m, find, log);
      results.push(one.result);
      if (one.logged) logged.set(m.id, one.logged);
      if (one.result.status === 'applied' && locksSharedRow(m)) lock.held++;
      if (i < run.length - 1 && commitsNow(b.deps, lock, m, one.result, run[i + 1])) break;
    }
    await held.flush(sp, b.deps.dialect);
    await sp.releaseSavepoint(RUN_SAVEPOINT).execute();
  } catch (err) {
    lock.held = heldBefore;
    await sp.rollbackToSavepoint(RUN_SAVEPOINT).execute();
    await sp.releaseSavepoint(RUN_SAVEPOINT).execute();
    // A deadlock or serialisation failure: the whole batch starts again (see applyBatch).
    if (isRetryable(err)) throw err;
    return null;
  }
  for (const line of lines) b.deps.log(...line);
  for (const [id, l] of logged) known.set(id, l);
  return results;
}

/**
 * better-sqlite3 answers synchronously, so a whole batch would run without giving the
 * event loop a turn: no other request could even be read (and refused) meanwhile.
 */
function yieldTurn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/**
 * The whole batch in ONE transaction (on PostgreSQL, one per streak of new cases: see
 * `commitsNow`) — one commit (one fsync on SQLite) per request instead
 * of one per mutation. Runs of mutations go through `applyRun`; the others, and a run that
 * failed, one by one with a savepoint per mutation, so each mutation is still all or
 * nothing with its idempotency record, event(s) and feed entries. A concurrent duplicate
 * (two requests carrying the same mutation at once) loses the race on a unique key: its
 * savepoint is rolled back (on PostgreSQL the transaction is unusable until then) and the
 * retry finds and returns the winner's result. An error no retry cures rolls back to the
 * savepoint, the mutations before it are committed and the request fails, as before: the
 * device re-sends the batch and the committed ones answer from the idempotency log.
 * On PostgreSQL every feed entry carries its transaction's id, so the pull watermark
 * (docs/decisions/010-api-pull-feed-watermark.md) holds them back until that transaction
 * commits and then releases them together.
 */
async function applyBatch(
  b: BatchContext,
  mutations: readonly MutationEnvelope[],
): Promise<PushResult[]> {
  const { deps } = b;
  let trx = await deps.db.startTransaction().execute();
  const lock: SharedLock = { held: 0 };
  const results: PushResult[] = [];
  let failure: MutationFailed | null = null;
  try {
    // The batch's earlier results in one read; a copy committed meanwhile by a concurrent
    // push is caught by the unique index and answered by the one-by-one path.
    const known = await findLoggedMutations(
      trx,
      b.actor.id,
      mutations.map((m) => m.id),
    );
    // Mutations before this index that a failed run hands to the one-by-one path.
    let oneByOneUntil = 0;
    let index = 0;
    while (index < mutations.length) {
      const m = mutations[index]!;
      let result: PushResult | undefined;
      if (index >= oneByOneUntil && joinsRun(m)) {
        let end = index + 1;
        while (end < mutations.length && joinsRun(mutations[end]!)) end++;
        if (index > 0 && deps.dialect === 'sqlite') await yieldTurn();
        const run = await applyRun(b, trx, mutations.slice(index, end), known, lock);
        if (run) {
          results.push(...run);
          index += run.length;
          result = run[run.length - 1];
        } else {
          oneByOneUntil = end;
        }
      }
      if (result === undefined) {
        if (index > 0 && deps.dialect === 'sqlite') await yieldTurn();
        for (let attempt = 1; ; attempt++) {
          const sp = await trx.savepoint(SAVEPOINT).execute();
          try {
            const one = await applyOne(
              b,
              sp,
              m,
              (id) => findLoggedMutation(sp, { userId: b.actor.id, mutationId: id }),
              deps.log,
            );
            await sp.releaseSavepoint(SAVEPOINT).execute();
            if (one.logged) known.set(m.id, one.logged);
            if (one.result.status === 'applied' && locksSharedRow(m)) lock.held++;
            result = one.result;
            break;
          } catch (err) {
            await sp.rollbackToSavepoint(SAVEPOINT).execute();
            await sp.releaseSavepoint(SAVEPOINT).execute();
            // The winner of a duplicate race has committed: a fresh try reads its result.
            if (attempt < MAX_ATTEMPTS && isUniqueViolation(err)) continue;
            // A deadlock or serialisation failure may involve locks taken by earlier mutations
            // of this batch, which the savepoint cannot give back: the whole batch starts again.
            if (isRetryable(err)) throw err;
            failure = new MutationFailed(index, err);
            break;
          }
        }
        if (failure) break;
        results.push(result!);
        index++;
      }
      if (
        index < mutations.length &&
        commitsNow(deps, lock, mutations[index - 1]!, result!, mutations[index])
      ) {
        await trx.commit().execute();
        trx = await deps.db.startTransaction().execute();
        lock.held = 0;
      }
    }
    await trx.commit().execute();
  } catch (err) {
    // A savepoint command or the commit itself failed (connection lost, busy…): nothing
    // is kept, and the connection must be handed back (Kysely keeps it after a failed commit).
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw err;
  }
  if (failure) throw failure;
  return results;
}

/** A whole batch that met a deadlock, serialisation failure or busy database is run again. */
async function applyBatchWithRetry(
  deps: AppDeps,
  actor: Actor,
  clientId: string,
  mutations: readonly MutationEnvelope[],
  lang: Lang,
  window: ActionWindow,
): Promise<PushResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyBatch(
        { deps, actor, scope: scopeOf(actor), clientId, lang, window },
        mutations,
      );
    } catch (err) {
      if (err instanceof MutationFailed) throw err.cause;
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
      // Jitter, so two batches that deadlocked do not collide again in lockstep.
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

/**
 * POST /api/sync/push: each mutation in order, each on its own; one result per mutation,
 * answered after the commit. `session` (the caller's token hash) dates the device's last
 * contact: times it gives for offline work must come after it (shared/domain/action-time.ts).
 */
export async function push(
  deps: AppDeps,
  actor: Actor,
  req: PushRequest,
  lang: Lang,
  session: { tokenHash: string } | null = null,
): Promise<PushResponse> {
  const owner = await claimClient(deps.db, req.clientId, actor.id, deps.now().toISOString());
  if (owner !== actor.id) {
    deps.log('push.clientTaken', { userId: actor.id, clientId: req.clientId });
    throw new HttpError('forbidden', t('sync.clientTaken', lang));
  }
  // Pushes made inside the server (the seed replays history) have no device to date.
  const touch = () =>
    session ? touchClient(deps.db, req.clientId, deps.now().toISOString()) : undefined;
  if (req.mutations.length === 0) {
    await touch();
    return { results: [], serverTime: deps.now().toISOString() };
  }
  const last = session
    ? await lastContactMs(deps.db, { clientId: req.clientId, tokenHash: session.tokenHash })
    : null;
  const window = actionWindow(last, deps.now().getTime());
  const results = await applyBatchWithRetry(deps, actor, req.clientId, req.mutations, lang, window);
  metricsOf(deps).countPush(results, replayed);
  await touch();
  return { results, serverTime: deps.now().toISOString() };
}
