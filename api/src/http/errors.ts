import type { ApiError, ErrorCode } from '@anxin/shared';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one way the API says no: `{error:{code, message, fields?}}` with the matching status.
 * Services throw HttpError; the app's onError turns it (and anything unexpected) into JSON.
 */
export const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  session_expired: 401,
  account_disabled: 401,
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

/** Messages for the errors the HTTP layer itself raises, Chinese first. */
export const HTTP_MESSAGES = {
  badJson: { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  notJson: {
    zh: '请求类型应为 application/json',
    en: 'Content-Type must be application/json',
  },
  tooLarge: { zh: '请求内容太大', en: 'The request body is too large' },
  notFound: { zh: '未找到', en: 'Not found' },
  unauthorized: { zh: '请先登录', en: 'Please sign in' },
  sessionExpired: { zh: '登录已过期，请重新登录', en: 'Your session has expired; sign in again' },
  accountDisabled: {
    zh: '此账号已被管理员停用',
    en: 'This account has been disabled by an administrator',
  },
  passwordChangeRequired: {
    zh: '请先设置新密码',
    en: 'Set a new password first',
  },
  adminOnly: { zh: '只有系统管理员可以执行此操作', en: 'Only administrators may do this' },
  forbidden: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  internal: { zh: '服务器内部错误', en: 'Internal server error' },
} as const;
