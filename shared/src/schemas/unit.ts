import { z } from 'zod';
import { requiredText, typeError } from './fields';

/**
 * A dispatch unit (承办单位): a street (街道), a town (镇), or a state-owned company (国企公司)
 * that handles complaints on its own sites. Cases are dispatched to units and officers
 * belong to units. Towns were the only kind in the first version, so the wire still names a
 * case's unit `townId` (devices in the field read that name).
 */
export const UNIT_KINDS = ['street', 'town', 'soe'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, { zh: string; en: string }> = {
  street: { zh: '街道', en: 'Street' },
  town: { zh: '镇', en: 'Town' },
  soe: { zh: '国企公司', en: 'State-owned company' },
};

export const unitIdSchema = z
  .string({ error: typeError })
  .regex(/^[a-z][a-z0-9-]{1,31}$/, { error: 'unit.id' });

export const unitSchema = z.object({
  id: unitIdSchema,
  name: z.string().min(1).max(40),
  kind: z.enum(UNIT_KINDS),
  /** An inactive unit takes no new cases or officers; its history stays. */
  active: z.boolean(),
});
export type Unit = z.infer<typeof unitSchema>;

/** What GET /api/towns answered before units had a kind `soe` and an `active` flag. */
export type Town = Pick<Unit, 'id' | 'name' | 'kind'>;

export const createUnitRequestSchema = z.strictObject({
  /** Optional: the server makes one from the kind when absent. */
  id: unitIdSchema.optional(),
  name: requiredText(40),
  kind: z.enum(UNIT_KINDS, { error: 'notInList' }),
});
export type CreateUnitRequest = z.infer<typeof createUnitRequestSchema>;

export const updateUnitRequestSchema = z
  .strictObject({
    name: requiredText(40).optional(),
    active: z.boolean({ error: typeError }).optional(),
  })
  .refine((v) => v.name !== undefined || v.active !== undefined, { error: 'tooFew' });
export type UpdateUnitRequest = z.infer<typeof updateUnitRequestSchema>;
