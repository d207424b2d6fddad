import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnxinDB } from '../data/db';
import type { Draft } from '../data/types';
import { useWorkspace } from './services';

/** The saved draft's form state, if there is one (a closed tab or a dead battery loses nothing). */
export async function loadDraft<T>(db: AnxinDB, id: string): Promise<T | null> {
  const saved = await db.drafts.get(id);
  return saved && typeof saved.data === 'object' && saved.data !== null ? (saved.data as T) : null;
}

export interface DraftForm<T> {
  /** How many drafts this form has written, and when the last one was. */
  saves: number;
  savedAt: number | null;
  /** Writes `data` now (a step change: the next step may be where the tab dies). */
  saveNow: (data: T) => Promise<void>;
  /**
   * Holds every draft write while the form is being submitted: a late write after the
   * draft's deletion would bring back a form (with the record's id) already submitted.
   */
  hold: () => void;
  /** The submission failed or was not needed: the draft keeps following the form again. */
  release: () => void;
  /** The record is saved: the draft goes, and no later write brings it back. */
  remove: () => Promise<void>;
  /** The person threw the draft away; what they type next is a new draft. */
  discard: () => Promise<void>;
}

/**
 * A form that lives in the drafts table while it is filled in: written shortly after typing
 * pauses, and at once when the tab is hidden or closed (the last chance before a phone kills
 * it); restored with `loadDraft`; deleted when the record is saved.
 */
export function useDraftForm<T>(opts: {
  id: string;
  kind: Draft['kind'];
  caseId?: string | undefined;
  /** The form's state; nothing is written while it is null. */
  data: T | null;
  /** False while there is nothing worth keeping (an untouched form). */
  keep: boolean;
  delayMs?: number;
}): DraftForm<T> {
  const { actions } = useWorkspace();
  const { id, kind, caseId, data, keep } = opts;
  const delayMs = opts.delayMs ?? 300;
  const held = useRef(false);
  const [saved, setSaved] = useState<{ saves: number; savedAt: number | null }>({
    saves: 0,
    savedAt: null,
  });

  const saveNow = useCallback(
    async (d: T) => {
      if (held.current) return;
      const draft: Draft = { id, kind, data: d, updatedAt: new Date().toISOString() };
      if (caseId !== undefined) draft.caseId = caseId;
      await actions.saveDraft(draft);
      setSaved((s) => ({ saves: s.saves + 1, savedAt: Date.now() }));
    },
    [actions, id, kind, caseId],
  );

  useEffect(() => {
    if (data === null || !keep) return;
    const timer = window.setTimeout(() => void saveNow(data), delayMs);
    return () => window.clearTimeout(timer);
  }, [data, keep, delayMs, saveNow]);

  // Read when the page goes away, not captured: the handlers outlive many renders.
  const latest = useRef<{ data: T | null; keep: boolean }>({ data, keep });
  latest.current = { data, keep };
  useEffect(() => {
    const flush = () => {
      const { data: d, keep: k } = latest.current;
      if (d !== null && k) void saveNow(d);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [saveNow]);

  const hold = useCallback(() => {
    held.current = true;
  }, []);
  const release = useCallback(() => {
    held.current = false;
  }, []);
  const remove = useCallback(async () => {
    held.current = true;
    await actions.deleteDraft(id);
  }, [actions, id]);
  const discard = useCallback(() => actions.deleteDraft(id), [actions, id]);

  return { ...saved, saveNow, hold, release, remove, discard };
}
