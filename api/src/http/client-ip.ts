import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's address for the login rate limit. X-Forwarded-For is honoured only when the
 * operator says a trusted proxy sets it; otherwise anyone could pick their own address.
 * Even then only its RIGHTMOST entry is the proxy's: a proxy appends the address it saw
 * (`$proxy_add_x_forwarded_for`), and everything left of it came from the client, who
 * could otherwise name a new address with every guess and never meet the per-address limit.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests, app.request) have no socket.
    return 'local';
  }
}
