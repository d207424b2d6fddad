import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

/** Below this an answer goes as it is: the encoding's own overhead would eat the gain. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Answers worth compressing: JSON (pull pages, lists, push answers) and the CSV export.
 * Photos, signatures and PDFs (/api/blobs) and the xlsx exports are already compressed.
 */
const COMPRESSIBLE = /^(application\/json|text\/csv)\b/i;

export type AnswerEncoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The caller's preferred encoding of ours (RFC 9110 §12.5.3): highest q wins, brotli on a
 * tie (smaller for the same work). `*` stands for any encoding it does not name; q=0 refuses.
 */
export function chooseEncoding(header: string | undefined): AnswerEncoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [raw, ...params] = part.toLowerCase().split(';');
    const name = raw?.trim();
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (enc: AnswerEncoding) => q.get(enc) ?? q.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

/**
 * Quality 4 (of 11) for brotli: answers are made per request. Measured on a 1 MB seeded
 * pull page: br-4 ~7 ms and ×10.5, gzip-6 ~11 ms and ×9.8; the top qualities cost many
 * times that for a few percent more.
 */
function encode(body: Uint8Array, enc: AnswerEncoding): Promise<Uint8Array<ArrayBuffer>> {
  return enc === 'br'
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 4,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      })
    : gzipAsync(body);
}

/**
 * Compresses /api answers by Accept-Encoding (br, gzip): a first sync's pull pages are
 * megabytes of repetitive JSON over a field officer's mobile link. Hono's own `compress`
 * knows only gzip and deflate (CompressionStream has no brotli on Node 20). The answer is
 * read whole: these are built in memory anyway (c.json, the CSV string). The zlib work runs
 * on the thread pool, not the event loop. Vary: Accept-Encoding is set on every answer of a
 * compressible type, compressed or not, so no cache ever hands one form to the other.
 */
export const compressAnswers: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const res = c.res;
  const type = res.headers.get('Content-Type') ?? '';
  // `res.body` is read last, and only when an encoding was chosen: on @hono/node-server's
  // lightweight Response, touching the body turns it into a full web Response with a stream,
  // written in two steps (decision 020, "Pull cost": a third of an uncompressed answer's CPU).
  if (
    c.req.method === 'HEAD' ||
    res.status === 204 ||
    res.status === 206 ||
    res.status === 304 ||
    res.headers.has('Content-Encoding') ||
    !COMPRESSIBLE.test(type) ||
    /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')
  ) {
    return;
  }
  const vary = res.headers.get('Vary');
  if (vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? '')) {
    res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  }
  const enc = chooseEncoding(c.req.header('Accept-Encoding'));
  if (!enc) return;
  const declared = Number(res.headers.get('Content-Length') ?? Number.NaN);
  if (declared < COMPRESS_MIN_BYTES || !res.body) return;
  const body = new Uint8Array(await res.arrayBuffer());
  let out = body;
  if (body.byteLength >= COMPRESS_MIN_BYTES) {
    out = await encode(body, enc);
    res.headers.set('Content-Encoding', enc);
    const etag = res.headers.get('ETag');
    if (etag && !etag.startsWith('W/')) res.headers.set('ETag', `W/${etag}`);
  }
  // The body was read: the answer is rebuilt either way (plain when it turned out small).
  c.res = new Response(out, { status: res.status, headers: res.headers });
  c.res.headers.set('Content-Length', String(out.byteLength));
};
