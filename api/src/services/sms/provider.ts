import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * One message as a provider gets it: the rendered body and, for gateways that send
 * approved templates (every Chinese SMS gateway does), the template id and its parameters
 * (shared/src/domain/sms-templates.ts). Messages queued before templates have neither.
 */
export interface OutgoingSms {
  to: string;
  body: string;
  ref: string;
  templateId?: string | null;
  params?: Record<string, string> | null;
}

/** Sends one text message. Throws when the message was not accepted; the worker retries. */
export interface SmsProvider {
  readonly name: string;
  send(message: OutgoingSms): Promise<void>;
}

/**
 * The default provider: appends one JSON line per message to a log file (data/sms.log), so
 * a demo or a test can see exactly what a worker would receive.
 */
export function logSmsProvider(file: string): SmsProvider {
  return {
    name: 'log',
    async send(m) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const line = JSON.stringify({
        at: new Date().toISOString(),
        to: m.to,
        ref: m.ref,
        templateId: m.templateId ?? null,
        params: m.params ?? null,
        body: m.body,
      });
      await fs.appendFile(file, `${line}\n`, 'utf8');
    },
  };
}

/**
 * A gateway over HTTP: POST {to, templateId, params, body, ref} as JSON to SMS_HTTP_URL with
 * `Authorization: Bearer SMS_HTTP_TOKEN`; any 2xx answer means accepted. A template gateway
 * sends `templateId` with `params` (the ids are registered with it once: docs/operations.md);
 * `body` is the same text rendered, for gateways that take free text. `templateId` and
 * `params` are null on messages queued before templates. `ref` is stable per message, so a
 * gateway that de-duplicates on it never sends twice after a retry.
 */
export function httpSmsProvider(opts: {
  url: string;
  token?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}): SmsProvider {
  const doFetch = opts.fetchImpl ?? fetch;
  return {
    name: 'http',
    async send(m) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          to: m.to,
          templateId: m.templateId ?? null,
          params: m.params ?? null,
          body: m.body,
          ref: m.ref,
        }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!res.ok) {
        const text = (await res.text().catch(() => '')).slice(0, 200);
        throw new Error(`SMS gateway answered ${res.status} ${text}`.trim());
      }
    },
  };
}
