import { randomBytes } from 'node:crypto';
import type { CreateUnitRequest, Lang, Unit, UpdateUnitRequest } from '@anxin/shared';
import { INVALID_MESSAGE, t } from '@anxin/shared';
import { isUniqueViolation } from '../../db/connect';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import type { Actor } from '../../repositories/scope';
import {
  countOpenCases,
  findUnit,
  createUnit as insertUnit,
  lockUnit,
  updateUnit as writeUnit,
} from '../../repositories/units';
import { auditChange, changedFields } from './audit';

function idTaken(lang: Lang): HttpError {
  return new HttpError('invalid', INVALID_MESSAGE[lang], {
    fields: { id: t('admin.unitIdTaken', lang) },
  });
}

export async function createUnit(
  deps: AppDeps,
  actor: Actor,
  body: CreateUnitRequest,
  lang: Lang,
): Promise<{ unit: Unit }> {
  // Unit names are Chinese; a readable code is the admin's to give, or a random one.
  const id = body.id ?? `${body.kind}-${randomBytes(3).toString('hex')}`;
  if (await findUnit(deps.db, id)) throw idTaken(lang);
  const at = deps.now().toISOString();
  try {
    const unit = await deps.db.transaction().execute(async (trx) => {
      const created = await insertUnit(trx, { id, name: body.name, kind: body.kind }, at);
      await auditChange(trx, actor, at, 'unit.create', {
        targetId: id,
        targetName: body.name,
        before: null,
        after: { name: body.name, kind: body.kind, active: true },
      });
      return created;
    });
    return { unit };
  } catch (err) {
    if (isUniqueViolation(err)) throw idTaken(lang);
    throw err;
  }
}

/**
 * PATCH /api/admin/units/:id: rename, deactivate, reactivate, turn the morning digest on or off. Deactivating a unit that still
 * has unfinished cases is refused with how many. The unit row is locked while counting, and
 * every case.create / case.assign into the unit locks it too, so no case can slip in
 * between the count and the deactivation.
 */
export async function updateUnit(
  deps: AppDeps,
  actor: Actor,
  id: string,
  patch: UpdateUnitRequest,
  lang: Lang,
): Promise<{ unit: Unit }> {
  const at = deps.now().toISOString();
  const unit = await deps.db.transaction().execute(async (trx) => {
    const before = await lockUnit(trx, deps.dialect, id);
    if (!before) throw new HttpError('not_found', t('http.notFound', lang));
    if (patch.active === false && before.active) {
      const open = await countOpenCases(trx, id);
      if (open > 0) {
        const message = t('admin.unitHasOpenCases', lang, { count: open });
        throw new HttpError('conflict', message, {
          fields: { active: message },
          meta: { openCases: open },
        });
      }
    }
    const wanted: { name?: string; active?: boolean; smsDigest?: boolean } = {};
    if (patch.name !== undefined) wanted.name = patch.name;
    if (patch.active !== undefined) wanted.active = patch.active;
    if (patch.smsDigest !== undefined) wanted.smsDigest = patch.smsDigest;
    const diff = changedFields(before, wanted);
    if (Object.keys(diff.after).length === 0) return before;
    await writeUnit(trx, id, wanted, at);
    await auditChange(trx, actor, at, 'unit.update', {
      targetId: id,
      targetName: before.name,
      ...diff,
    });
    return { ...before, ...diff.after };
  });
  return { unit };
}
