import {
  type AdminUser,
  type AuditEntry,
  adminUserSchema,
  type CalendarYearAnswer,
  type Lang,
  type Unit,
  unitSchema,
} from '@anxin/shared';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Session } from '../auth/session';
import { type HttpDeps, request } from '../sync/http';

/**
 * The desk screens' server calls (administration, audit, calendar state): online only, never
 * device data, so they go straight to the API through the one HTTP client — no outbox.
 */

/** A call that did not give the answer asked for, with the server's words when it sent any. */
export class ApiFailure extends Error {
  readonly status: number | null;
  /** The API's error code, or 'network' / 'bad_response' for what the server never said. */
  readonly code: string;
  /** Server messages by field path ('username', 'holidays.3'), in the UI's language. */
  readonly fields: Readonly<Record<string, string>>;
  readonly meta: Readonly<Record<string, string | number>>;

  constructor(
    status: number | null,
    code: string,
    message: string,
    fields: Record<string, string> = {},
    meta: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.meta = meta;
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

export interface DeskApi {
  call<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T>;
}

export function createDeskApi(opts: {
  session: Pick<Session, 'current'>;
  lang: Lang;
  t: TFunction;
  /** Called when the token is no longer good for work (revoked, or a password reset). */
  onSignInNeeded: () => void;
  fetch?: typeof fetch;
}): DeskApi {
  const deps: HttpDeps = {
    baseUrl: '',
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    getToken: async () => (await opts.session.current())?.token ?? null,
    now: Date.now,
    acceptLanguage: opts.lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en',
  };
  const { t } = opts;
  return {
    async call(method, path, schema, body) {
      // Known offline: say so at once instead of a request the browser will fail anyway.
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        throw new ApiFailure(null, 'network', t('admin.errors.offline'));
      }
      const out = await request(
        deps,
        method,
        path,
        body === undefined ? undefined : { json: body },
      );
      switch (out.kind) {
        case 'network':
          throw new ApiFailure(null, 'network', t('admin.errors.offline'));
        case 'unauthorized': {
          // A password reset by an administrator, or a revoked session: nothing on this
          // screen can work with this token, so the person signs in again (local data stays).
          opts.onSignInNeeded();
          const code = out.error?.code ?? 'unauthorized';
          throw new ApiFailure(out.status, code, out.error?.message ?? t('admin.errors.signIn'));
        }
        case 'retry_after':
          throw new ApiFailure(out.status, 'rate_limited', t('admin.errors.rateLimited'));
        case 'server':
          throw new ApiFailure(out.status, 'internal', t('admin.errors.server'));
        case 'client':
          throw new ApiFailure(
            out.status,
            out.error?.code ?? 'invalid',
            out.error?.message ?? t('admin.errors.server'),
            out.error?.fields ?? {},
            out.error?.meta ?? {},
          );
        case 'ok': {
          const parsed = schema.safeParse(out.body);
          if (!parsed.success) {
            throw new ApiFailure(out.status, 'bad_response', t('admin.errors.badResponse'));
          }
          return parsed.data;
        }
      }
    },
  };
}

/**
 * The message to show for any thrown value of a desk call. A refusal with field messages
 * ("不能停用自己的账号") says those: the headline alone ("提交的内容有误") would not say why.
 */
export function failureText(err: unknown): string {
  if (err instanceof ApiFailure) {
    const fields = Object.values(err.fields);
    return fields.length > 0 ? [...new Set(fields)].join('；') : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * A form's refused submission: messages of the form's own fields go beside them; any other
 * field's message goes in the form's headline, so no reason is dropped.
 */
export function formFailure(
  err: unknown,
  known: readonly string[],
  fixText: string,
): { fields: Record<string, string>; message: string } {
  if (!(err instanceof ApiFailure)) return { fields: {}, message: failureText(err) };
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [root, message] of Object.entries(fieldsByRoot(err.fields))) {
    if (known.includes(root)) fields[root] = message;
    else other.push(message);
  }
  const message =
    other.length > 0 ? other.join('；') : Object.keys(fields).length > 0 ? fixText : err.message;
  return { fields, message };
}

/**
 * Server field messages keyed by the form's own field: 'unitIds.2' belongs to the units
 * checkboxes, so it is shown there (first message wins).
 */
export function fieldsByRoot(fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const root = path.split('.')[0] ?? path;
    out[root] ??= message;
  }
  return out;
}

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
