import { MAX_ATTACHMENT_BYTES } from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { limitBody, requireAuth } from '../http/middleware';
import { getBlob, isAllowedMime, MIME_EXTENSION, putBlob } from '../services/blobs';

export function blobRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .put('/:sha256', limitBody(MAX_ATTACHMENT_BYTES), async (c) => {
      const data = new Uint8Array(await c.req.arrayBuffer());
      const answer = await putBlob(
        deps,
        c.get('actor'),
        { sha256: c.req.param('sha256'), contentType: c.req.header('Content-Type') ?? '', data },
        c.get('lang'),
      );
      return c.json(answer, answer.created ? 201 : 200);
    })
    .get('/:sha256', async (c) => {
      const sha256 = c.req.param('sha256');
      const blob = await getBlob(deps, c.get('actor'), sha256, c.get('lang'));
      // Its own CSP (`default-src 'none'; sandbox`) comes from app.ts. Inline with a name
      // of our making: a browser shows it as the file it is and saves it under the hash,
      // never under a name or type an uploader chose.
      const ext = isAllowedMime(blob.mime) ? MIME_EXTENSION[blob.mime] : 'bin';
      c.header('Content-Type', blob.mime);
      c.header('Content-Disposition', `inline; filename="${sha256}.${ext}"`);
      return c.body(new Uint8Array(blob.data), 200);
    });
}
