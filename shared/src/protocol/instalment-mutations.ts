import { z } from 'zod';
import { INSTALMENT_OUTCOMES } from '../domain/instalments';
import { dateSchema, fenSchema, idSchema, text } from '../schemas/fields';

/**
 * The officer checks one instalment of an agreement (分期履行情况): paid or not paid, on
 * which day, how much arrived. The instalment is named by its agreement and due date (due
 * dates are unique and ordered within an agreement). Append-only, like a mediation record.
 */
export const instalmentRecordArgsSchema = z.strictObject({
  id: idSchema,
  caseId: idSchema,
  mediationId: idSchema,
  dueDate: dateSchema,
  outcome: z.enum(INSTALMENT_OUTCOMES, { error: 'notInList' }),
  /** The day it was paid, or the day it was found unpaid (China calendar). */
  date: dateSchema,
  /** What arrived: the instalment or more when paid; nothing or a part when not. */
  amountFen: fenSchema,
  comment: text(500).optional(),
});
export type InstalmentRecordArgs = z.infer<typeof instalmentRecordArgsSchema>;

export const INSTALMENT_MUTATION_ARGS = {
  'instalment.record': instalmentRecordArgsSchema,
} as const;
