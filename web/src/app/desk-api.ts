import { joinClauses } from '@anxin/shared';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { uiLang } from '../i18n';
import { type HttpDeps, type HttpOutcome, request, requestBlob } from '../sync/http';
import { knownOffline } from './http';

/**
 * The workspaces' server calls (intake, review, dashboard, plans, administration): online
 * only, never device data, so they go straight to the API through the one HTTP client — no
 * outbox. Every failure becomes an ApiFailure in the UI's language.
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
  /** A call whose answer is checked before use: a form or table must not get undefined. */
  call<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T>;
  /** A read typed by shared/protocol, answered by the same server build. */
  get<T>(path: string): Promise<T>;
  /** A file the API answers (an export), with its suggested name. */
  file(path: string): Promise<{ blob: Blob; fileName: string | null }>;
}

export function createDeskApi(opts: {
  http: HttpDeps;
  t: TFunction;
  /** Called when the token is no longer good for work (revoked, or a password reset). */
  onSignInNeeded: () => void;
}): DeskApi {
  const { t, http } = opts;
  const offline = () => new ApiFailure(null, 'network', t('admin.errors.offline'));
  const fail = (out: Exclude<HttpOutcome, { kind: 'ok' }>): ApiFailure => {
    switch (out.kind) {
      case 'network':
        return offline();
      case 'unauthorized': {
        // A password reset by an administrator, or a revoked session: nothing on this
        // screen can work with this token, so the person signs in again (local data stays).
        opts.onSignInNeeded();
        const code = out.error?.code ?? 'unauthorized';
        return new ApiFailure(out.status, code, out.error?.message ?? t('admin.errors.signIn'));
      }
      case 'retry_after':
        return new ApiFailure(out.status, 'rate_limited', t('admin.errors.rateLimited'));
      case 'server':
        return new ApiFailure(out.status, 'internal', t('admin.errors.server'));
      case 'client':
        return new ApiFailure(
          out.status,
          out.error?.code ?? 'invalid',
          out.error?.message ?? t('admin.errors.server'),
          out.error?.fields ?? {},
          out.error?.meta ?? {},
        );
    }
  };
  const send = async (method: Method, path: string, body: unknown): Promise<unknown> => {
    if (knownOffline()) throw offline();
    const out = await request(http, method, path, body === undefined ? undefined : { json: body });
    if (out.kind !== 'ok') throw fail(out);
    return out.body;
  };
  return {
    async call(method, path, schema, body) {
      const parsed = schema.safeParse(await send(method, path, body));
      if (!parsed.success)
        throw new ApiFailure(null, 'bad_response', t('admin.errors.badResponse'));
      return parsed.data;
    },
    async get<T>(path: string) {
      return (await send('GET', path, undefined)) as T;
    },
    async file(path) {
      if (knownOffline()) throw offline();
      const out = await requestBlob(http, path);
      if (out.kind !== 'ok') throw fail(out);
      return { blob: out.blob, fileName: out.fileName };
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
    return fields.length > 0 ? joinClauses([...new Set(fields)], uiLang()) : err.message;
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
    other.length > 0
      ? joinClauses(other, uiLang())
      : Object.keys(fields).length > 0
        ? fixText
        : err.message;
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
