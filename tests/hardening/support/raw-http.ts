import net from 'node:net';

/**
 * Raw HTTP/1.1 over a socket, for what fetch refuses to send: a Content-Length that lies,
 * conflicting framing headers, a body cut short. Resolves with whatever came back (maybe
 * nothing) once the server closes, answers, or `waitMs` passes.
 */
export interface RawAnswer {
  /** HTTP status of the first answer, or null when the server sent none. */
  status: number | null;
  text: string;
  /** Every status line in the bytes received (a pipelined leftover may get its own answer). */
  statuses: number[];
}

export function rawRequest(
  port: number,
  head: string,
  body: string,
  opts: { waitMs?: number; endAfterWrite?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let text = '';
    const sock = net.connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      resolve({ status: statuses[0] ?? null, text, statuses });
    };
    const timer = setTimeout(finish, opts.waitMs ?? 1500);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      text += d;
    });
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', finish);
    sock.on('connect', () => {
      sock.write(head.replace(/\n/g, '\r\n'));
      sock.write('\r\n');
      sock.write(body);
      if (opts.endAfterWrite) sock.end();
    });
  });
}
