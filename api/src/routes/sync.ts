import {
  fieldErrors,
  INVALID_MESSAGE,
  MAX_PUSH_BYTES,
  PROTOCOL_HEADER,
  pullQuerySchema,
  pushRequestSchema,
} from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject, readJson } from '../http/body';
import type { AppEnv } from '../http/context';
import { HttpError } from '../http/errors';
import { limitBody, requireAuth } from '../http/middleware';
import { admitPush } from '../services/sync/admission';
import { pull } from '../services/sync/pull';
import { push } from '../services/sync/push';

export function syncRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      // Admission comes first: see admitPush for why it precedes the session lookup.
      .use('/push', admitPush(deps))
      .use(requireAuth(deps))
      .post('/push', limitBody(MAX_PUSH_BYTES), async (c) => {
        // A NUL inside one mutation's args rejects that mutation only (in the push service),
        // so one bad record never blocks the rest of a device's queue.
        const body = await readJson(c, pushRequestSchema, {
          allowNulIn: (path) => /^mutations\.\d+\.args(\.|$)/.test(path),
        });
        return c.json(await push(deps, c.get('actor'), body, c.get('lang')));
      })
      .get('/pull', async (c) => {
        const lang = c.get('lang');
        const parsed = pullQuerySchema.safeParse(queryObject(c));
        if (!parsed.success) {
          throw new HttpError('invalid', INVALID_MESSAGE[lang], {
            fields: fieldErrors(parsed.error, lang),
          });
        }
        // Devices of protocol 2 and before (they send the header) know no unit or calendar
        // changes; a client without the header is taken to speak the current protocol.
        const header = c.req.header(PROTOCOL_HEADER);
        const q =
          header === undefined ? parsed.data : { ...parsed.data, protocol: Number(header) || 0 };
        return c.json(await pull(deps, c.get('actor'), q, lang));
      })
  );
}
