import { useCallback, useMemo } from 'react';
import { createOfficeActions, type OfficeActions } from '../data/office-actions';
import { useServerNow } from './hooks';
import { useWorkspace } from './services';

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
