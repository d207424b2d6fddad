import {
  type ApiErrorBody,
  apiErrorSchema,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
} from '@anxin/shared';
import { measureOffset } from '../data/time';

/** Every way an HTTP exchange with the API can end, as data the sync loops switch on. */
export type HttpOutcome =
  | {
      kind: 'ok';
      status: number;
      body: unknown;
      /** The body as received: a first sync hands its pages to a worker without cloning `body`. */
      text: string;
      clockOffsetMs: number | null;
    }
  /** fetch threw: no network, DNS, connection reset, a response lost on the way. */
  | { kind: 'network'; message: string }
  /**
   * 401, or 403 `password_change_required` (an administrator set a new password): either way
   * this token cannot do the work any more and the person must sign in again.
   */
  | { kind: 'unauthorized'; status: 401 | 403; error: ApiErrorBody | null }
  /** 429 or 503: the server asked us to wait. */
  | { kind: 'retry_after'; status: number; retryAfterMs: number | null }
  | { kind: 'server'; status: number }
  | { kind: 'client'; status: number; error: ApiErrorBody | null };

export interface HttpDeps {
  baseUrl: string;
  fetch: typeof fetch;
  /** Async allowed: the UI reads the current session from the database each time. */
  getToken: () => string | null | Promise<string | null>;
  now: () => number;
  /** Overrides REQUEST_TIMEOUT_MS / UPLOAD_TIMEOUT_MS (tests). */
  timeoutMs?: number;
  /**
   * The language the server writes `message` and `fields` in (desk screens in English ask
   * for English); ACCEPT_LANGUAGE when absent.
   */
  acceptLanguage?: string;
}

export const REQUEST_TIMEOUT_MS = 60_000;
export const UPLOAD_TIMEOUT_MS = 180_000;

export const ACCEPT_LANGUAGE = 'zh-CN,zh;q=0.9,en;q=0.8';

export async function request(
  deps: HttpDeps,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body?: { json: unknown } | { blob: Blob; contentType: string },
): Promise<HttpOutcome> {
  const headers = await headersFor(deps);
  let payload: BodyInit | undefined;
  if (body && 'json' in body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['Content-Type'] = body.contentType;
    payload = body.blob;
  }
  const sentAt = deps.now();
  const limit = deps.timeoutMs ?? (body && 'blob' in body ? UPLOAD_TIMEOUT_MS : REQUEST_TIMEOUT_MS);
  const init: RequestInit = { method, headers };
  if (payload !== undefined) init.body = payload;
  const got = await exchange(deps, path, init, limit, (res) => res.text());
  if (got.kind === 'network') return got;
  const { res, content: text } = got;
  const receivedAt = deps.now();
  const json = parseJson(text);
  const refused = refusal(res, json, deps.now());
  if (refused) return refused;
  const serverTime =
    (isRecord(json) && typeof json.serverTime === 'string' ? json.serverTime : null) ??
    res.headers.get('Date');
  return {
    kind: 'ok',
    status: res.status,
    body: json,
    text,
    clockOffsetMs: serverTime ? measureOffset(serverTime, sentAt, receivedAt) : null,
  };
}

/** What a file download (an attachment, an export) ends with: the bytes, or why not. */
export type BlobOutcome =
  | { kind: 'ok'; status: number; blob: Blob; fileName: string | null }
  | Exclude<HttpOutcome, { kind: 'ok' }>;

/**
 * GETs a file the API answers, with the same headers, time limit and outcomes as `request`:
 * desk exports and attachment bytes are server reads like any other.
 */
export async function requestBlob(deps: HttpDeps, path: string): Promise<BlobOutcome> {
  const headers = await headersFor(deps);
  headers.Accept = '*/*';
  const got = await exchange(
    deps,
    path,
    { method: 'GET', headers },
    deps.timeoutMs ?? UPLOAD_TIMEOUT_MS,
    (res): Promise<Blob | string> => (res.ok ? res.blob() : res.text()),
  );
  if (got.kind === 'network') return got;
  const { res, content } = got;
  const refused = refusal(res, typeof content === 'string' ? parseJson(content) : null, deps.now());
  if (refused) return refused;
  const disposition = res.headers.get('Content-Disposition') ?? '';
  return {
    kind: 'ok',
    status: res.status,
    blob: content instanceof Blob ? content : new Blob([content]),
    fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null,
  };
}

async function headersFor(deps: HttpDeps): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': deps.acceptLanguage ?? ACCEPT_LANGUAGE,
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
  };
  const token = await deps.getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

async function exchange<C>(
  deps: HttpDeps,
  path: string,
  init: RequestInit,
  limitMs: number,
  read: (res: Response) => Promise<C>,
): Promise<{ kind: 'answered'; res: Response; content: C } | { kind: 'network'; message: string }> {
  // A request that never answers (a dead mobile link that keeps the socket open) must not
  // hold the whole sync forever: past the limit it counts as a network failure.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limitMs);
  try {
    const res = await deps.fetch(`${deps.baseUrl}${path}`, { ...init, signal: abort.signal });
    // Reading the body can fail too (a connection cut mid-answer): that is a network failure.
    const content = await read(res);
    return { kind: 'answered', res, content };
  } catch (err) {
    return { kind: 'network', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The outcome of an answer that is not a success, or null when it is one. */
function refusal(
  res: Response,
  json: unknown,
  now: number,
): Exclude<HttpOutcome, { kind: 'ok' | 'network' }> | null {
  if (res.status === 401) return { kind: 'unauthorized', status: 401, error: errorBody(json) };
  const error = res.status === 403 ? errorBody(json) : null;
  if (error?.code === 'password_change_required') {
    // Not a refusal of this request's content: retrying (or, for a push, moving the
    // mutations to the conflicts inbox as rejected) would be wrong; the outbox waits.
    return { kind: 'unauthorized', status: 403, error };
  }
  if (res.status === 429 || res.status === 503) {
    return {
      kind: 'retry_after',
      status: res.status,
      retryAfterMs: parseRetryAfter(res.headers.get('Retry-After'), now),
    };
  }
  if (res.status >= 500) return { kind: 'server', status: res.status };
  if (res.status >= 400) return { kind: 'client', status: res.status, error: errorBody(json) };
  return null;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function errorBody(json: unknown): ApiErrorBody | null {
  const r = apiErrorSchema.safeParse(json);
  return r.success ? r.data.error : null;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
