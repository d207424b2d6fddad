import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from './harness';

/**
 * An HTTP proxy on loopback that sits between a client and the server and breaks things on
 * purpose, chosen per request by a seeded random source:
 * - drop_request: the request never reaches the server; the client's connection dies;
 * - drop_response: the server handles (and commits) the request; the answer is thrown away;
 * - delay: the request waits before it is sent on, and the answer before it is returned;
 * - duplicate: the request reaches the server twice at once; the client gets one answer;
 * - cut_request: half the body reaches the server, then both connections die;
 * - cut_response: the answer's head and half its body reach the client, then it dies.
 */
export const FAULTS = [
  'drop_request',
  'drop_response',
  'delay',
  'duplicate',
  'cut_request',
  'cut_response',
] as const;
export type Fault = (typeof FAULTS)[number] | 'none';

export interface PushedMutation {
  clientId: string;
  id: string;
  name: string;
}

export interface FaultProxy {
  url: string;
  /** Fault counts so far, by kind (including `none`). */
  counts: Record<Fault, number>;
  /** Every mutation that went through a push request (duplicates and retries included). */
  pushed: PushedMutation[];
  /** Probability (0..1) that a request gets a fault; set 0 to let everything through. */
  setFaultRate(p: number): void;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function forward(
  target: URL,
  req: http.IncomingMessage,
  body: Buffer,
  cutAt?: number,
): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (res) => {
        const chunks: Uint8Array[] = [];
        res.on('data', (c: Buffer) => chunks.push(new Uint8Array(c)));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 502,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    up.on('error', reject);
    if (cutAt === undefined) {
      up.end(body);
    } else {
      up.write(body.subarray(0, cutAt));
      // The connection dies mid-upload: the server must treat the request as never made.
      setTimeout(() => up.destroy(), 20);
    }
  });
}

/** The upstream answer's headers for a fully buffered body. */
function replyHeaders(up: Upstream): http.OutgoingHttpHeaders {
  const h: http.OutgoingHttpHeaders = { ...up.headers };
  delete h['transfer-encoding'];
  delete h.connection;
  delete h['keep-alive'];
  h['content-length'] = String(up.body.length);
  return h;
}

export async function startFaultProxy(opts: {
  target: string;
  random: () => number;
  faultRate: number;
  /** Which faults to draw from (default: all). */
  faults?: readonly (typeof FAULTS)[number][];
}): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const faults = opts.faults ?? FAULTS;
  let rate = opts.faultRate;
  const counts = Object.fromEntries([...FAULTS, 'none'].map((f) => [f, 0])) as Record<
    Fault,
    number
  >;
  const pushed: PushedMutation[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on('data', (c: Buffer) => chunks.push(new Uint8Array(c)));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        if (req.url?.startsWith('/api/sync/push')) {
          try {
            const parsed = JSON.parse(body.toString('utf8')) as {
              clientId: string;
              mutations: Array<{ id: string; name: string }>;
            };
            for (const m of parsed.mutations)
              pushed.push({ clientId: parsed.clientId, id: m.id, name: m.name });
          } catch {
            // not JSON: the server will say so
          }
        }
        const fault: Fault =
          opts.random() < rate ? faults[Math.floor(opts.random() * faults.length)]! : 'none';
        counts[fault]++;
        try {
          switch (fault) {
            case 'drop_request':
              req.socket.destroy();
              return;
            case 'cut_request':
              if (body.length > 1) {
                await forward(target, req, body, Math.floor(body.length / 2)).catch(
                  () => undefined,
                );
                req.socket.destroy();
                return;
              }
              req.socket.destroy();
              return;
            case 'drop_response':
              await forward(target, req, body);
              req.socket.destroy();
              return;
            case 'cut_response': {
              const up = await forward(target, req, body);
              res.writeHead(up.status, replyHeaders(up));
              res.write(up.body.subarray(0, Math.floor(up.body.length / 2)));
              setTimeout(() => req.socket.destroy(), 5);
              return;
            }
            case 'duplicate': {
              const [a] = await Promise.all([
                forward(target, req, body),
                forward(target, req, body),
              ]);
              res.writeHead(a.status, replyHeaders(a));
              res.end(a.body);
              return;
            }
            case 'delay': {
              await sleep(Math.floor(opts.random() * 300));
              const up = await forward(target, req, body);
              await sleep(Math.floor(opts.random() * 300));
              res.writeHead(up.status, replyHeaders(up));
              res.end(up.body);
              return;
            }
            case 'none': {
              const up = await forward(target, req, body);
              res.writeHead(up.status, replyHeaders(up));
              res.end(up.body);
              return;
            }
          }
        } catch {
          req.socket.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    pushed,
    setFaultRate(p) {
      rate = p;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
