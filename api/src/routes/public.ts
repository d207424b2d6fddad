import {
  PUBLIC_PHOTO_LIMITS,
  publicComplaintSchema,
  publicLookupSchema,
  publicOtpRequestSchema,
  publicRatingSchema,
} from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { readJson } from '../http/body';
import { clientIp } from '../http/client-ip';
import type { AppEnv } from '../http/context';
import { limitBody } from '../http/middleware';
import { fileComplaint } from '../services/public/complaint';
import { lookupCaseForWorker, publicUnits, rateCase } from '../services/public/lookup';
import { requestOtp } from '../services/public/otp';
import { uploadPublicPhoto } from '../services/public/photos';

/** A complaint's JSON is a few KB; 64 KiB leaves room for a long description and no more. */
const PUBLIC_JSON_BYTES = 64 * 1024;

/**
 * 码上办事 — the worker's channel, no account, no cookie (docs/api.md "Public API"). Every
 * code request and photo upload is counted per address in the database; codes also per
 * mobile. The same security headers as every route (app.ts) and no-store (apiHeaders).
 */
export function publicRoutes(deps: AppDeps) {
  const ip = (c: Parameters<typeof clientIp>[0]) => clientIp(c, deps.config.trustProxy);
  return new Hono<AppEnv>()
    .get('/units', async (c) => c.json(await publicUnits(deps)))
    .post('/otp', limitBody(PUBLIC_JSON_BYTES), async (c) => {
      const body = await readJson(c, publicOtpRequestSchema);
      return c.json(await requestOtp(deps, body, ip(c), c.get('lang')), 202);
    })
    .post('/complaints', limitBody(PUBLIC_JSON_BYTES), async (c) => {
      const body = await readJson(c, publicComplaintSchema);
      return c.json(await fileComplaint(deps, body, c.get('lang')), 201);
    })
    .post('/lookup', limitBody(PUBLIC_JSON_BYTES), async (c) => {
      const body = await readJson(c, publicLookupSchema);
      return c.json(await lookupCaseForWorker(deps, body, c.get('lang')), 200);
    })
    .post('/rating', limitBody(PUBLIC_JSON_BYTES), async (c) => {
      const body = await readJson(c, publicRatingSchema);
      return c.json(await rateCase(deps, body, c.get('lang')), 201);
    })
    .post('/photos', limitBody(PUBLIC_PHOTO_LIMITS.maxBytes), async (c) => {
      const data = new Uint8Array(await c.req.arrayBuffer());
      const answer = await uploadPublicPhoto(
        deps,
        {
          mobile: c.req.header('X-Anxin-Mobile') ?? '',
          otp: c.req.header('X-Anxin-Otp') ?? '',
          sha256: (c.req.header('X-Content-Sha256') ?? '').toLowerCase(),
          contentType: c.req.header('Content-Type') ?? '',
          data,
          ip: ip(c),
        },
        c.get('lang'),
      );
      return c.json({ sha256: answer.sha256, size: answer.size }, answer.created ? 201 : 200);
    });
}
