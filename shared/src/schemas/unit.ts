import { z } from 'zod';
import { UNIT_KINDS } from '../constants/unit';
import { requiredText, typeError } from './fields';

// Re-exported so `schemas/unit` still offers everything about a unit (see constants/unit.ts).
export { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../constants/unit';

export const unitIdSchema = z
  .string({ error: typeError })
  .regex(/^[a-z][a-z0-9-]{1,31}$/, { error: 'unit.id' });

export const unitSchema = z.object({
  id: unitIdSchema,
  name: z.string().min(1).max(40),
  kind: z.enum(UNIT_KINDS),
  /** An inactive unit takes no new cases or officers; its history stays. */
  active: z.boolean(),
  /** Its officers get the morning digest SMS of what needs them that working day. */
  smsDigest: z.boolean().optional(),
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
    smsDigest: z.boolean({ error: typeError }).optional(),
  })
  .refine((v) => v.name !== undefined || v.active !== undefined || v.smsDigest !== undefined, {
    error: 'tooFew',
  });
export type UpdateUnitRequest = z.infer<typeof updateUnitRequestSchema>;
