import { useEffect, useSyncExternalStore } from 'react';

/**
 * Which forms hold unsaved edits right now. The update prompt reads it: a new version is
 * applied (which reloads the page) only when no form is dirty, so an update can never throw
 * away what an officer is typing.
 */
const dirty = new Set<string>();
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export function setFormDirty(formId: string, isDirty: boolean): void {
  const had = dirty.has(formId);
  if (isDirty === had) return;
  if (isDirty) dirty.add(formId);
  else dirty.delete(formId);
  emit();
}

export function anyFormDirty(): boolean {
  return dirty.size > 0;
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function useAnyFormDirty(): boolean {
  return useSyncExternalStore(subscribe, anyFormDirty, anyFormDirty);
}

/** Marks a form dirty while `isDirty` holds, and clean again when it unmounts. */
export function useDirtyForm(formId: string, isDirty: boolean): void {
  useEffect(() => {
    setFormDirty(formId, isDirty);
  }, [formId, isDirty]);
  useEffect(() => () => setFormDirty(formId, false), [formId]);
}
