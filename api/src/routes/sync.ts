import {
  fieldErrors,
  INVALID_MESSAGE,
  MAX_PUSH_BYTES,
  PROTOCOL_HEADER,
  pullQuerySchema,
  pushRequestSchema,
} from '@anxin/shared';
import { Hono } from 'hono';
import { PUSH_DEFAULTS } from '../config/env';
import type { AppDeps } from '../deps';
import { queryObject, readBodyFirst, readJson } from '../http/body';
import type { AppEnv } from '../http/context';
import { HttpError } from '../http/errors';
import { requireAuth } from '../http/middleware';
import { touchSession } from '../repositories/contacts';
import { hashToken } from '../services/auth/auth-service';
import { admitPush } from '../services/sync/admission';
import { pull } from '../services/sync/pull';
import { touchPulling } from '../services/sync/pull-contact';
import { push } from '../services/sync/push';

export function syncRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      // The body first, in full and size-limited, holding nothing shared; then the slot,
      // which therefore covers database work only; admission still precedes the session
      // lookup (see admitPush for why).
      .use(
        '/push',
        readBodyFirst({
          maxBytes: MAX_PUSH_BYTES,
          timeoutMs: deps.config.pushBodyTimeoutMs ?? PUSH_DEFAULTS.bodyTimeoutMs,
        }),
      )
      .use('/push', admitPush(deps))
      .use(requireAuth(deps))
      .post('/push', async (c) => {
        // A NUL inside one mutation's args rejects that mutation only (in the push service),
        // so one bad record never blocks the rest of a device's queue.
        const body = await readJson(c, pushRequestSchema, {
          allowNulIn: (path) => /^mutations\.\d+\.args(\.|$)/.test(path),
          body: c.get('body'),
        });
        c.set('clientId', body.clientId);
        const tokenHash = hashToken(c.get('token'));
        const answer = await push(deps, c.get('actor'), body, c.get('lang'), { tokenHash });
        // The clientId is this user's (push refuses another's): it is now this session's device.
        await touchSession(deps.db, tokenHash, deps.now().toISOString(), body.clientId);
        return c.json(answer);
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
        const answer = await pull(deps, c.get('actor'), q, lang);
        await touchPulling(deps, hashToken(c.get('token')), answer.serverTime);
        // The text is made here, with its length: the compression middleware then tells a
        // small answer by its header and leaves it as it is (decision 020, "Pull cost").
        const text = JSON.stringify(answer);
        return c.body(text, 200, {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(text)),
        });
      })
  );
}
