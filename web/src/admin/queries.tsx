import { type UseQueryResult, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeskApi } from '../app/server-reads';
import {
  type AdminUser,
  auditAnswerSchema,
  calendarListAnswerSchema,
  calendarYearAnswerSchema,
  loadedYearsAnswerSchema,
  type Unit,
  unitsAnswerSchema,
  usersAnswerSchema,
} from './answers';

/** The administration's reads. Query keys in one place, so a write can invalidate exactly what it changed. */
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
