/**
 * Asks the browser not to evict this origin's data under storage pressure (officers'
 * unsent records live here), and reports how much space is used. Safe where the Storage
 * API is missing: it answers "not persisted" with unknown figures.
 */
export async function requestPersistentStorage(): Promise<{
  persisted: boolean;
  usage: number | null;
  quota: number | null;
}> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage) return { persisted: false, usage: null, quota: null };
  let persisted = false;
  try {
    persisted = (await storage.persisted?.()) ?? false;
    if (!persisted && storage.persist) persisted = await storage.persist();
  } catch {
    persisted = false;
  }
  let usage: number | null = null;
  let quota: number | null = null;
  try {
    const est = await storage.estimate?.();
    usage = est?.usage ?? null;
    quota = est?.quota ?? null;
  } catch {
    // Some browsers throw in private mode; unknown figures are the honest answer.
  }
  return { persisted, usage, quota };
}
