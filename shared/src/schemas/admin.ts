import { z } from 'zod';
import { isRealDate } from '../validation/dates';
import { mobileSchema, requiredName, typeError } from './fields';
import { unitIdSchema } from './unit';
import { type Role, roleSchema, userSchema } from './user';

/**
 * The administration API (/api/admin/*, admin role only): people, dispatch units and the
 * working-day calendar. One schema per request; the server parses with these, the admin
 * workspace builds its forms from the same rules.
 */

export const usernameSchema = z
  .string({ error: typeError })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, { error: 'username.invalid' });

const unitIdsSchema = z.array(unitIdSchema).max(50, { error: 'tooMany' });

/**
 * Field staff work in units; office and admin see every unit and belong to none. Checked on
 * the user as it will be after a change, so a patch of the role alone is judged too.
 */
export function userUnitsProblem(
  role: Role,
  unitIds: readonly string[],
): 'admin.unitsRequired' | 'admin.unitsForDesk' | null {
  if ((role === 'officer' || role === 'inspector') && unitIds.length === 0) {
    return 'admin.unitsRequired';
  }
  if ((role === 'office' || role === 'admin') && unitIds.length > 0) return 'admin.unitsForDesk';
  return null;
}

export const createUserRequestSchema = z
  .strictObject({
    username: usernameSchema,
    displayName: requiredName(40),
    role: roleSchema,
    unitIds: unitIdsSchema,
    mobile: mobileSchema.optional(),
  })
  .superRefine((v, ctx) => {
    const problem = userUnitsProblem(v.role, v.unitIds);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['unitIds'] });
  });
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .strictObject({
    displayName: requiredName(40).optional(),
    role: roleSchema.optional(),
    unitIds: unitIdsSchema.optional(),
    disabled: z.boolean({ error: typeError }).optional(),
    mobile: mobileSchema.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'tooFew' });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

/** A user as the admin workspace sees one. `unitIds` and `townIds` are the same list. */
export const adminUserSchema = userSchema.extend({
  unitIds: z.array(z.string()),
  mobile: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** Answer of POST /api/admin/users and of a password reset: shown once, never stored in clear. */
export interface OneTimePasswordAnswer {
  user: AdminUser;
  oneTimePassword: string;
}

export const adminUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(40).optional(),
  role: roleSchema.optional(),
  unitId: unitIdSchema.optional(),
  disabled: z.enum(['true', 'false']).optional(),
});

export const changePasswordRequestSchema = z
  .strictObject({
    current: z
      .string({ error: typeError })
      .min(1, { error: 'required' })
      .max(200, { error: 'tooLong' }),
    next: z.string({ error: typeError }).min(1, { error: 'required' }),
  })
  .superRefine((v, ctx) => {
    if (v.next === v.current) {
      ctx.addIssue({ code: 'custom', message: 'password.same', path: ['next'] });
    }
  });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** Years a calendar may be loaded for. */
export const calendarYearSchema = z.coerce
  .number({ error: typeError })
  .int({ error: 'invalid' })
  .min(2000, { error: 'tooSmall' })
  .max(2100, { error: 'tooLarge' });

const calendarDays = z
  .array(z.string({ error: typeError }).refine(isRealDate, { error: 'date.invalid' }))
  .max(80, { error: 'tooMany' });

/**
 * PUT /api/admin/calendar/:year: real dates of that year, each at most once, no day both a
 * holiday and a make-up working day, and make-up working days only on weekends (a weekday
 * is a working day anyway, so listing one is a typing mistake).
 */
export function yearCalendarRequestSchema(year: number) {
  return z
    .strictObject({ holidays: calendarDays, makeupWorkdays: calendarDays })
    .superRefine((v, ctx) => {
      for (const list of ['holidays', 'makeupWorkdays'] as const) {
        const seen = new Set<string>();
        v[list].forEach((d, i) => {
          if (!isRealDate(d)) return;
          if (Number(d.slice(0, 4)) !== year) {
            ctx.addIssue({ code: 'custom', message: 'calendar.wrongYear', path: [list, i] });
          } else if (seen.has(d)) {
            ctx.addIssue({ code: 'custom', message: 'calendar.duplicate', path: [list, i] });
          }
          seen.add(d);
        });
      }
      const holidays = new Set(v.holidays);
      v.makeupWorkdays.forEach((d, i) => {
        if (!isRealDate(d)) return;
        if (holidays.has(d)) {
          ctx.addIssue({ code: 'custom', message: 'calendar.both', path: ['makeupWorkdays', i] });
        } else {
          const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
          if (weekday !== 0 && weekday !== 6) {
            ctx.addIssue({
              code: 'custom',
              message: 'calendar.makeupNotWeekend',
              path: ['makeupWorkdays', i],
            });
          }
        }
      });
    })
    .transform((v) => ({
      holidays: [...v.holidays].sort(),
      makeupWorkdays: [...v.makeupWorkdays].sort(),
    }));
}

/** GET /api/admin/calendar/:year and GET /api/calendar. `loaded: false`: nothing stored yet. */
export interface CalendarYearAnswer {
  year: number;
  loaded: boolean;
  holidays: string[];
  makeupWorkdays: string[];
  updatedAt: string | null;
  updatedBy: string | null;
}

/** One entry of the administration audit trail (and the export audit), newest first. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  detail: Record<string, unknown>;
}
