import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useDb, useServices } from './services';

/**
 * An attachment's bytes: from this device when it was made here (always the case for what
 * the officer signed or photographed), else fetched once from the server by content hash
 * when online. Null while unknown or unavailable offline.
 */
export function useAttachmentBlob(sha256: string | undefined): Blob | null {
  const db = useDb();
  const { session } = useServices();
  const local = useLiveQuery(
    async () => (sha256 ? ((await db.attachments.get(sha256))?.blob ?? null) : null),
    [db, sha256],
  );
  const [remote, setRemote] = useState<Blob | null>(null);
  useEffect(() => {
    if (!sha256 || local !== null || !navigator.onLine) return;
    let live = true;
    void (async () => {
      const s = await session.current();
      if (!s) return;
      try {
        const res = await fetch(`/api/blobs/${sha256}`, {
          headers: { Authorization: `Bearer ${s.token}` },
        });
        if (res.ok && live) setRemote(await res.blob());
      } catch {
        // Offline or refused: the agreement shows the signature as not available here.
      }
    })();
    return () => {
      live = false;
    };
  }, [sha256, local, session]);
  return local ?? remote;
}
