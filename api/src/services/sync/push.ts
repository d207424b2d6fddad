import { createHash } from 'node:crypto';
import type {
  Lang,
  MutationEnvelope,
  MutationName,
  PushRequest,
  PushResponse,
  PushResult,
} from '@anxin/shared';
import { fieldErrors, isMutationName, t } from '@anxin/shared';
import { isRetryable } from '../../db/connect';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { findNul } from '../../http/nul';
import { handlerFor, targetCaseId } from '../../mutations';
import { rejectText } from '../../mutations/messages';
import type { MutationContext, MutationHandler, MutationOutcome } from '../../mutations/types';
import { claimClient, findLoggedMutation, logMutation } from '../../repositories/mutation-log';
import { type Actor, scopeOf } from '../../repositories/scope';

/** Key order must not change the hash: the same mutation re-sent is the same content. */
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
        error: outcome.fields
          ? { code: outcome.code, message: outcome.message, fields: outcome.fields }
          : { code: outcome.code, message: outcome.message },
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
  const prepared = handler.prepare ? await handler.prepare(ctx, raw) : raw;
  const parsed = handler.schema.safeParse(prepared);
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
 * Applies one mutation in its own transaction together with its idempotency record, its
 * case event(s) and feed entries — all or nothing. A concurrent duplicate (two requests
 * carrying the same mutation at once) loses the race on the idempotency key, rolls back,
 * and on retry finds and returns the winner's result.
 */
async function applyOne(
  deps: AppDeps,
  actor: Actor,
  clientId: string,
  m: MutationEnvelope,
  lang: Lang,
): Promise<PushResult> {
  const hash = requestHash(m);
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const key = { userId: actor.id, clientId, mutationId: m.id };
        const prior = await findLoggedMutation(trx, key);
        if (prior) {
          if (prior.requestHash === hash) return prior.result;
          deps.log('push.idReused', { userId: actor.id, clientId, mutationId: m.id });
          return toResult(m.id, {
            status: 'rejected',
            code: 'invalid',
            message: rejectText('idReused', lang),
          });
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
          const ctx: MutationContext = {
            trx,
            dialect: deps.dialect,
            actor,
            scope: scopeOf(actor),
            clientId,
            mutationId: m.id,
            name,
            baseVersion: m.baseVersion,
            now,
            lang,
            config: deps.config,
            log: deps.log,
          };
          outcome = await runHandler(handler, ctx, m.args);
        }
        const result = toResult(m.id, outcome);
        await logMutation(trx, {
          ...key,
          name: m.name.slice(0, 64),
          targetId: name ? targetCaseId(name, m.args) : null,
          requestHash: hash,
          result,
          at: now.toISOString(),
        });
        return result;
      });
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && isRetryable(err)) continue;
      throw err;
    }
  }
}

const CLIENT_TAKEN = {
  zh: '此设备编号属于另一位用户，请重新登录后再同步',
  en: 'This device id belongs to another user; sign in again before syncing',
};

/** POST /api/sync/push: each mutation in order, each on its own; one result per mutation. */
export async function push(
  deps: AppDeps,
  actor: Actor,
  req: PushRequest,
  lang: Lang,
): Promise<PushResponse> {
  const owner = await claimClient(deps.db, req.clientId, actor.id, deps.now().toISOString());
  if (owner !== actor.id) {
    deps.log('push.clientTaken', { userId: actor.id, clientId: req.clientId });
    throw new HttpError('forbidden', CLIENT_TAKEN[lang]);
  }
  const results: PushResult[] = [];
  for (const m of req.mutations) results.push(await applyOne(deps, actor, req.clientId, m, lang));
  return { results, serverTime: deps.now().toISOString() };
}
