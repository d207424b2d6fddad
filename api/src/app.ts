import { t } from '@anxin/shared';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './deps';
import { compressAnswers } from './http/compress';
import type { AppEnv } from './http/context';
import { errorBody, errorResponse, HttpError } from './http/errors';
import { apiHeaders, langMiddleware, refuseNulInUrl } from './http/middleware';
import { observeRequests } from './observability/request';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { blobRoutes } from './routes/blobs';
import { caseRoutes } from './routes/cases';
import { dashboardRoutes } from './routes/dashboard';
import { directoryRoutes } from './routes/directory';
import { duplicateRoutes } from './routes/duplicates';
import { exportRoutes } from './routes/exports';
import { fieldSupportRoutes } from './routes/field-support';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { officeRoutes } from './routes/office';
import { publicRoutes } from './routes/public';
import { syncRoutes } from './routes/sync';
import { visitRoutes } from './routes/visits';
import { webRoutes } from './routes/web';

/**
 * The whole HTTP app: API under /api, the PWA everywhere else. Same-origin only (no CORS
 * headers are ever sent), strict security headers on every answer.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // First, so the request id, the access line and the metrics cover every answer.
  app.use('*', observeRequests(deps));

  const pageHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      // Signatures and photos are shown from blob: and data: URLs made on the device.
      imgSrc: ["'self'", 'blob:', 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: false,
  });
  // Uploaded files are served as inert documents: nothing loads, nothing runs, even if a
  // PDF or image were crafted, and opened on their own they get a unique origin (sandbox),
  // so they can never act as the app. The middleware sets its headers after the route has
  // answered, so a route's own CSP would be overwritten: blobs get their own instance.
  const blobHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], sandbox: [] },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: false,
  });
  app.use('*', (c, next) =>
    c.req.path.startsWith('/api/blobs/') ? blobHeaders(c, next) : pageHeaders(c, next),
  );
  app.use('*', langMiddleware);
  app.use('/api/*', apiHeaders);
  app.use('/api/*', refuseNulInUrl);
  // Pull pages and lists by Accept-Encoding (br, gzip); photos and xlsx are compressed already.
  app.use('/api/*', compressAnswers);

  app.route('/api/health', healthRoutes(deps));
  app.route('/metrics', metricsRoutes(deps));
  app.route('/api/auth', authRoutes(deps));
  app.route('/api/admin', adminRoutes(deps));
  app.route('/api/sync', syncRoutes(deps));
  app.route('/api/cases/duplicates', duplicateRoutes(deps));
  app.route('/api/cases', caseRoutes(deps));
  app.route('/api/dashboard', dashboardRoutes(deps));
  app.route('/api/blobs', blobRoutes(deps));
  app.route('/api/office', officeRoutes(deps));
  app.route('/api/exports', exportRoutes(deps));
  app.route('/api/visits', visitRoutes(deps));
  app.route('/api/public', publicRoutes(deps));
  app.route('/api', fieldSupportRoutes(deps));
  app.route('/api', directoryRoutes(deps));
  app.route('/', webRoutes(deps.config.webDist));

  app.notFound((c) =>
    c.json(errorBody('not_found', t('http.notFound', c.get('lang') ?? 'zh')), 404),
  );

  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    const lang = c.get('lang') ?? 'zh';
    // Malformed input that slipped past a parser is the caller's mistake, never a 500.
    if (err instanceof SyntaxError) {
      return c.json(errorBody('invalid', t('http.badJson', lang)), 400);
    }
    deps.log('http.error', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return c.json(errorBody('internal', t('http.internal', lang)), 500);
  });

  return app;
}

export type AppType = ReturnType<typeof createApp>;
