import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ready } from './child';

// The floor for scenario 5: the same server stack (Hono on @hono/node-server, one Node
// process) answering a constant, with no middleware, no auth and no database.
const app = new Hono().get('/hello', (c) => c.text('Hello, world'));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  ready({ url: `http://127.0.0.1:${info.port}`, path: '/hello', headers: {} }, async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });
});
