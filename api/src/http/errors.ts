import type { ApiError, ErrorCode } from '@anxin/shared';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one way the API says no: `{error:{code, message, fields?}}` with the matching status.
 * Services throw HttpError; the app's onError turns it (and anything unexpected) into JSON.
 * Messages come from the shared catalogue (`t('http.…', lang)` for the HTTP layer's own
 * refusals), so every text the server answers with is kept in one table, beside the device's.
 */
export const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  session_expired: 401,
  account_disabled: 401,
  no_units: 401,
  password_change_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rejected: 409,
  calendar_missing: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly meta: Record<string, string | number> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      fields?: Record<string, string>;
      headers?: Record<string, string>;
      meta?: Record<string, string | number>;
    } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.status = STATUS_OF[code];
    this.fields = opts.fields;
    this.headers = opts.headers;
    this.meta = opts.meta;
  }
}

export function errorBody(
  code: ErrorCode,
  message: string,
  fields?: Record<string, string>,
  meta?: Record<string, string | number>,
): ApiError {
  return {
    error: { code, message, ...(fields ? { fields } : {}), ...(meta ? { meta } : {}) },
  };
}

export function errorResponse(c: Context, err: HttpError): Response {
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(errorBody(err.code, err.message, err.fields, err.meta), err.status);
}
