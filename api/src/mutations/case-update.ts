import type { CasePatchableField } from '@anxin/shared';
import {
  claimantsAsSeenBy,
  MUTATION_ARGS,
  restoreMaskedClaimants,
  unmaskedOverwrites,
  updateCase,
} from '@anxin/shared';
import { lookupCase } from '../repositories/cases';
import { commitCase } from './case-write';
import { invalidOutcome, loadTargetCase, refusalOutcome, serverCopy, valuesEqual } from './effects';
import { rejectText } from './messages';
import type { MutationHandler } from './types';

/**
 * case.update — edits case fields, with the field-level conflict rule: if a field in the
 * patch was changed on the server after `baseVersion` (to a value other than the one this
 * patch sets), the server copy wins and nothing is applied (`conflict`, with the server copy
 * and the fields concerned). Patches of other fields apply on top of the current version.
 */
export const caseUpdate: MutationHandler<'case.update'> = {
  name: 'case.update',
  schema: MUTATION_ARGS['case.update'],
  batchesWrites: true,
  async prepare(ctx, raw) {
    const unchanged = { ok: true as const, args: raw };
    if (typeof raw !== 'object' || raw === null) return unchanged;
    const r = raw as { id?: unknown; patch?: unknown };
    if (typeof r.id !== 'string' || typeof r.patch !== 'object' || r.patch === null) {
      return unchanged;
    }
    const patch = r.patch as Record<string, unknown>;
    if (!Array.isArray(patch.claimants)) return unchanged;
    const found = await lookupCase(ctx.trx, ctx.dialect, ctx.scope, r.id);
    if (found.kind !== 'found') return unchanged;
    const stored = found.stored.case.claimants;
    const overwrites = unmaskedOverwrites(patch.claimants, stored, ctx.actor.role);
    if (overwrites.length > 0) {
      return {
        ok: false,
        outcome: invalidOutcome(
          ctx,
          Object.fromEntries(overwrites.map((path) => [path, 'claimant.maskedOnly' as const])),
        ),
      };
    }
    return {
      ok: true,
      args: {
        ...r,
        patch: { ...patch, claimants: restoreMaskedClaimants(patch.claimants, stored) },
      },
    };
  },
  async apply(ctx, args) {
    if (ctx.baseVersion === undefined) return invalidOutcome(ctx, { baseVersion: 'required' });
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const { stored } = loaded;
    const current = stored.case;
    if (ctx.baseVersion > current.version) {
      return {
        status: 'rejected',
        code: 'invalid',
        message: rejectText('baseVersionAhead', ctx.lang),
      };
    }
    const patched = updateCase(current, args, ctx.actor, ctx.occurredAt);
    if (!patched.ok) return refusalOutcome(ctx, patched.refusal, current);
    // The field-level conflict rule is the server's alone: only it has the field versions.
    const fields = Object.keys(args.patch) as CasePatchableField[];
    const base = ctx.baseVersion;
    // Compared as the caller sees them: an answer must never depend on a value hidden
    // from the caller (prepare already refused numbers sent unmasked over ones on file).
    const seen = (f: CasePatchableField, v: unknown) =>
      f === 'claimants' && Array.isArray(v) ? claimantsAsSeenBy(v, ctx.actor.role) : v;
    const conflictFields = fields.filter(
      (f) =>
        (stored.fieldVersions[f] ?? 1) > base &&
        !valuesEqual(seen(f, current[f]), seen(f, args.patch[f])),
    );
    if (conflictFields.length > 0) {
      return {
        status: 'conflict',
        version: current.version,
        server: serverCopy(ctx, current),
        conflictFields,
      };
    }
    return commitCase(ctx, stored, patched.row);
  },
};
