import {
  type AdminUser,
  type AuditEntry,
  adminUserSchema,
  type CalendarYearAnswer,
  type Unit,
  unitSchema,
} from '@anxin/shared';
import { z } from 'zod';

// Answers are checked before use: a server of another version must not put undefined into
// a table cell or a form.

export const unitsAnswerSchema = z.object({ units: z.array(unitSchema) });
export const usersAnswerSchema = z.object({ users: z.array(adminUserSchema) });
export const userAnswerSchema = z.object({ user: adminUserSchema });
export const oneTimePasswordAnswerSchema = z.object({
  user: adminUserSchema,
  oneTimePassword: z.string().min(1),
});
export const unitAnswerSchema = z.object({ unit: unitSchema });

export const calendarYearAnswerSchema: z.ZodType<CalendarYearAnswer> = z.object({
  year: z.number().int(),
  loaded: z.boolean(),
  holidays: z.array(z.string()),
  makeupWorkdays: z.array(z.string()),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export const calendarListAnswerSchema = z.object({ years: z.array(calendarYearAnswerSchema) });

/** GET /api/calendar: the loaded years (plain numbers; a year answer is read as its year). */
export const loadedYearsAnswerSchema = z
  .object({
    years: z.array(z.union([z.number().int(), z.object({ year: z.number().int() })])),
  })
  .transform((v) => v.years.map((y) => (typeof y === 'number' ? y : y.year)));

export const auditAnswerSchema: z.ZodType<{ entries: AuditEntry[] }> = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorId: z.string(),
      actorName: z.string(),
      action: z.string(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

export type { AdminUser, Unit };
