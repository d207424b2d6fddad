import type { Lang } from '@anxin/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useServerNow } from '../app/hooks';
import { useServices, useWorkspace } from '../app/services';
import { DataError } from '../data/errors';
import { createOfficeActions, type OfficeActions } from '../data/office-actions';
import { useLang } from '../i18n';

/** Chinese first, English when chosen: the workspace's texts live beside its screens. */
export function useTx(): (zh: string, en: string) => string {
  const lang = useLang();
  return useCallback((zh: string, en: string) => (lang === 'zh' ? zh : en), [lang]);
}

export function pick(lang: Lang, label: { zh: string; en: string }): string {
  return label[lang];
}

export interface ServerRead<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * A server-only read (intake queue, dashboard, plans): these are not device data, so they
 * are fetched when shown, with the session's token, and say so plainly when offline.
 */
export function useServerRead<T>(path: string | null): ServerRead<T> {
  const { session } = useServices();
  const lang = useLang();
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  useEffect(() => {
    if (path === null) return;
    // Re-read on an explicit reload as well as on a new path.
    void tick;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void (async () => {
      const out = await getJson<T>(session, path, lang);
      if (!live) return;
      setState(
        out.ok
          ? { data: out.data, error: null, loading: false }
          : { data: null, error: out.error, loading: false },
      );
    })();
    return () => {
      live = false;
    };
  }, [path, tick, session, lang]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

type SessionLike = ReturnType<typeof useServices>['session'];

export async function getJson<T>(
  session: SessionLike,
  path: string,
  lang: Lang,
): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  const s = await session.current();
  if (!s) return { ok: false, error: lang === 'zh' ? '请先登录' : 'Please sign in' };
  // Known offline: say so at once instead of a request the browser will fail anyway.
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return offline(lang);
  try {
    const res = await fetch(path, {
      headers: {
        Authorization: `Bearer ${s.token}`,
        Accept: 'application/json',
        'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en',
      },
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const msg =
        typeof body === 'object' && body !== null && 'error' in body
          ? String((body as { error: { message?: unknown } }).error.message ?? res.status)
          : String(res.status);
      return { ok: false, error: msg };
    }
    return { ok: true, data: body as T };
  } catch {
    return offline(lang);
  }
}

function offline(lang: Lang): { ok: false; error: string } {
  return {
    ok: false,
    error:
      lang === 'zh'
        ? '无法连接服务器：此页面需要联网'
        : 'Cannot reach the server: this page needs the network',
  };
}

/** Downloads a file the API answers (exports), with the session's token. */
export async function downloadFile(
  session: SessionLike,
  path: string,
  lang: Lang,
): Promise<string | null> {
  const s = await session.current();
  if (!s) return lang === 'zh' ? '请先登录' : 'Please sign in';
  try {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${s.token}` } });
    if (!res.ok)
      return lang === 'zh' ? `导出失败（${res.status}）` : `Export failed (${res.status})`;
    const name =
      /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export';
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return null;
  } catch {
    return lang === 'zh' ? '无法连接服务器' : 'Cannot reach the server';
  }
}

/** The workspace's writes, bound to the signed-in user and the server clock. */
export function useOfficeActions(): OfficeActions {
  const ws = useWorkspace();
  const now = useServerNow();
  return useMemo(
    () =>
      createOfficeActions(ws.actions, {
        user: () => ws.user,
        serverNow: () => now,
      }),
    [ws.actions, ws.user, now],
  );
}

/** A thrown write error in the current language. */
export function errorText(err: unknown, lang: Lang): string {
  if (err instanceof DataError) {
    const fields = Object.values(lang === 'zh' ? err.fields : err.fieldsEn);
    const head = lang === 'zh' ? err.message : err.messageEn;
    return fields.length > 0 ? `${head}：${fields.join('；')}` : head;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Sends what was just queued, then calls back (e.g. to re-read a server list). */
export function useSendNow(): (after?: () => void) => void {
  const ws = useWorkspace();
  return useCallback(
    (after) => {
      void ws.sync
        .syncNow()
        .catch(() => undefined)
        .then(() => after?.());
    },
    [ws.sync],
  );
}
