import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useLang, useTranslation } from '../i18n';
import { ApiFailure, createDeskApi, type DeskApi, failureText } from './desk-api';
import { knownOffline, screenHttp } from './http';
import { useServices, useSignedIn } from './services';

/**
 * Server reads of the workspaces (office, inspector, admin) through TanStack Query. This
 * module is imported only by the workspace chunks, so none of it reaches the officer's
 * first screen; leaving a workspace drops its cache, which for desk data is what we want.
 */
export function ServerQueries(props: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // 'online' would park a query as paused while navigator says offline; these
            // screens say "needs the network" instead, which the client does itself.
            networkMode: 'always',
            // A refetch on focus would re-seed forms someone is in the middle of.
            refetchOnWindowFocus: false,
            staleTime: 30_000,
            // Only a lost connection is worth one more try (not while the browser knows it
            // is offline: the screen says so at once); a refusal stays a refusal.
            retry: (count, err) =>
              err instanceof ApiFailure && err.code === 'network' && count < 1 && !knownOffline(),
          },
          mutations: { networkMode: 'always', retry: false },
        },
      }),
  );
  return <QueryClientProvider client={client}>{props.children}</QueryClientProvider>;
}

export function useDeskApi(): DeskApi {
  const { session } = useServices();
  const { signInAgain } = useSignedIn();
  const lang = useLang();
  const { t } = useTranslation();
  return useMemo(
    () => createDeskApi({ http: screenHttp(session, lang), t, onSignInNeeded: signInAgain }),
    [session, lang, t, signInAgain],
  );
}

export interface ServerRead<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * A server-only read (intake queue, dashboard, plans) typed by shared/protocol: fetched each
 * time it is shown (queues change under other people's hands), kept while it refetches, and
 * saying plainly when offline. `null` reads nothing yet.
 */
export function useServerRead<T>(path: string | null): ServerRead<T> {
  const api = useDeskApi();
  const lang = useLang();
  const read = useQuery({
    // The language too: the server writes its refusals in it.
    queryKey: ['read', path, lang],
    queryFn: () => api.get<T>(path!),
    enabled: path !== null,
    staleTime: 0,
    placeholderData: (previous) => previous,
  });
  const { refetch } = read;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: read.data ?? null,
    error: read.error ? failureText(read.error) : null,
    loading: read.isFetching,
    reload,
  };
}

/** Downloads a file the API answers (exports); resolves to what went wrong, or null. */
export function useDownload(): (path: string) => Promise<string | null> {
  const api = useDeskApi();
  return useCallback(
    async (path) => {
      try {
        const { blob, fileName } = await api.file(path);
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName ?? 'export';
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        return null;
      } catch (err) {
        return failureText(err);
      }
    },
    [api],
  );
}
