import { MAX_ATTACHMENT_BYTES } from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { limitBody, requireAuth } from '../http/middleware';
import { getBlob, putBlob } from '../services/blobs';

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
      const blob = await getBlob(deps, c.get('actor'), c.req.param('sha256'), c.get('lang'));
      // Served as an inert document: never scripts, even if a PDF or image were crafted.
      c.header('Content-Security-Policy', "sandbox; default-src 'none'");
      c.header('Content-Type', blob.mime);
      return c.body(new Uint8Array(blob.data), 200);
    });
}
