import {
  QueryClient,
  QueryClientProvider,
  type UseQueryResult,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useServices, useSignedIn } from '../app/services';
import { useLang, useTranslation } from '../i18n';
import {
  type AdminUser,
  ApiFailure,
  auditAnswerSchema,
  calendarListAnswerSchema,
  calendarYearAnswerSchema,
  createDeskApi,
  type DeskApi,
  loadedYearsAnswerSchema,
  type Unit,
  unitsAnswerSchema,
  usersAnswerSchema,
} from './api';

/**
 * Server reads of the desk workspaces through TanStack Query. The client lives inside the
 * workspace chunk (one per mounted workspace), so none of it reaches the officer's first
 * screen; leaving the workspace drops the cache, which for admin data is what we want.
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
            // A refetch on focus would re-seed forms an administrator is in the middle of.
            refetchOnWindowFocus: false,
            staleTime: 30_000,
            // Only a lost connection is worth one more try; a refusal stays a refusal.
            retry: (count, err) => err instanceof ApiFailure && err.code === 'network' && count < 1,
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
    () => createDeskApi({ session, lang, t, onSignInNeeded: signInAgain }),
    [session, lang, t, signInAgain],
  );
}

/** Query keys in one place, so a write can invalidate exactly what it changed. */
export const KEYS = {
  units: ['units'] as const,
  users: ['admin', 'users'] as const,
  calendars: ['admin', 'calendar'] as const,
  calendarYear: (year: number) => ['admin', 'calendar', year] as const,
  loadedYears: ['calendar', 'years'] as const,
  audit: ['audit'] as const,
};

export function useUnits(): UseQueryResult<Unit[]> {
  const api = useDeskApi();
  return useQuery({
    queryKey: KEYS.units,
    queryFn: async () => (await api.call('GET', '/api/units', unitsAnswerSchema)).units,
  });
}

export interface UserFilter {
  q: string;
  role: string;
  unitId: string;
  showDisabled: boolean;
}

export function useAdminUsers(filter: UserFilter): UseQueryResult<AdminUser[]> {
  const api = useDeskApi();
  const q = new URLSearchParams();
  if (filter.q.trim()) q.set('q', filter.q.trim());
  if (filter.role) q.set('role', filter.role);
  if (filter.unitId) q.set('unitId', filter.unitId);
  // Disabled accounts are hidden unless asked for; asked for, they show beside the others.
  if (!filter.showDisabled) q.set('disabled', 'false');
  const query = q.toString();
  return useQuery({
    queryKey: [...KEYS.users, query],
    queryFn: async () =>
      (await api.call('GET', `/api/admin/users${query ? `?${query}` : ''}`, usersAnswerSchema))
        .users,
    placeholderData: (previous) => previous,
  });
}

export function useCalendarList() {
  const api = useDeskApi();
  return useQuery({
    queryKey: KEYS.calendars,
    queryFn: async () =>
      (await api.call('GET', '/api/admin/calendar', calendarListAnswerSchema)).years,
  });
}

export function useCalendarYear(year: number | null) {
  const api = useDeskApi();
  return useQuery({
    queryKey: KEYS.calendarYear(year ?? 0),
    queryFn: () => api.call('GET', `/api/admin/calendar/${year}`, calendarYearAnswerSchema),
    enabled: year !== null,
  });
}

export function useLoadedYears(): UseQueryResult<number[]> {
  const api = useDeskApi();
  return useQuery({
    queryKey: KEYS.loadedYears,
    queryFn: () => api.call('GET', '/api/calendar', loadedYearsAnswerSchema),
    staleTime: 5 * 60_000,
  });
}

export function useAudit() {
  const api = useDeskApi();
  return useQuery({
    queryKey: KEYS.audit,
    queryFn: async () => (await api.call('GET', '/api/office/audit', auditAnswerSchema)).entries,
  });
}

/** After an administrative write: what it changed, and the audit trail it added to. */
export function useInvalidate(): (...keys: ReadonlyArray<readonly unknown[]>) => void {
  const client = useQueryClient();
  return (...keys) => {
    for (const queryKey of [...keys, KEYS.audit]) void client.invalidateQueries({ queryKey });
  };
}
