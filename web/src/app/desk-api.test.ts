import type { TFunction } from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpDeps } from '../sync/http';
import { ApiFailure, createDeskApi, failureText } from './desk-api';

const t = ((key: string) => `text:${key}`) as unknown as TFunction;

function apiAnswering(answer: (path: string, init?: RequestInit) => Response | Promise<Response>) {
  const seen: Array<{ path: string; headers: Record<string, string> }> = [];
  const http: HttpDeps = {
    baseUrl: '',
    fetch: async (input, init) => {
      seen.push({ path: String(input), headers: (init?.headers ?? {}) as Record<string, string> });
      return answer(String(input), init);
    },
    getToken: () => 'token-1',
    now: Date.now,
    acceptLanguage: 'en',
  };
  const signIn = vi.fn();
  return { api: createDeskApi({ http, t, onSignInNeeded: signIn }), seen, signIn };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

afterEach(() => vi.unstubAllGlobals());

describe('the workspaces’ server calls', () => {
  it('reads with the session token and the UI language, through the one HTTP client', async () => {
    const { api, seen } = apiAnswering(() => json(200, { items: [1, 2] }));
    await expect(api.get<{ items: number[] }>('/api/office/intake')).resolves.toEqual({
      items: [1, 2],
    });
    expect(seen[0]!.headers.Authorization).toBe('Bearer token-1');
    expect(seen[0]!.headers['Accept-Language']).toBe('en');
  });

  it('says "needs the network" at once when the browser knows it is offline', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const { api, seen } = apiAnswering(() => json(200, {}));
    await expect(api.get('/api/office/dashboard')).rejects.toMatchObject({
      code: 'network',
      message: 'text:admin.errors.offline',
    });
    expect(seen).toEqual([]);
  });

  it('treats a connection that fails as offline, not as a refusal', async () => {
    const { api } = apiAnswering(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.get('/api/visits/plans')).rejects.toMatchObject({ code: 'network' });
  });

  it('sends the person to sign in again when the token is no longer good', async () => {
    const { api, signIn } = apiAnswering(() =>
      json(401, { error: { code: 'unauthorized', message: '登录已失效' } }),
    );
    await expect(api.get('/api/users?role=officer')).rejects.toBeInstanceOf(ApiFailure);
    expect(signIn).toHaveBeenCalledOnce();
  });

  it('shows a refusal by its field messages, which say why', async () => {
    const { api } = apiAnswering(() =>
      json(422, {
        error: {
          code: 'invalid',
          message: '提交的内容有误',
          fields: { username: '不能停用自己的账号' },
        },
      }),
    );
    const err = await api.get('/api/admin/users').catch((e: unknown) => e);
    expect(failureText(err)).toBe('不能停用自己的账号');
  });

  it('downloads an export with the name the server gives it', async () => {
    const { api, seen } = apiAnswering(
      () =>
        new Response('a,b\n1,2\n', {
          status: 200,
          headers: {
            'Content-Type': 'text/csv',
            'Content-Disposition': 'attachment; filename="cases-2026-11-23.csv"',
          },
        }),
    );
    const file = await api.file('/api/exports/cases.csv');
    expect(file.fileName).toBe('cases-2026-11-23.csv');
    expect(await file.blob.text()).toBe('a,b\n1,2\n');
    expect(seen[0]!.headers.Authorization).toBe('Bearer token-1');
  });

  it('refuses a download the server refused, in its words', async () => {
    const { api } = apiAnswering(() =>
      json(403, { error: { code: 'forbidden', message: '无权导出' } }),
    );
    await expect(api.file('/api/exports/cases.xlsx')).rejects.toMatchObject({
      status: 403,
      message: '无权导出',
    });
  });
});
