import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useLang } from '../i18n';
import { requestBlob } from '../sync/http';
import { knownOffline, screenHttp } from './http';
import { useDb, useServices } from './services';

/**
 * An attachment's bytes: from this device when it was made here (always the case for what
 * the officer signed or photographed), else fetched once from the server by content hash
 * when online. Null while unknown or unavailable offline.
 */
export function useAttachmentBlob(sha256: string | undefined): Blob | null {
  const db = useDb();
  const { session } = useServices();
  const lang = useLang();
  const local = useLiveQuery(
    async () => (sha256 ? ((await db.attachments.get(sha256))?.blob ?? null) : null),
    [db, sha256],
  );
  const [remote, setRemote] = useState<Blob | null>(null);
  useEffect(() => {
    if (!sha256 || local !== null || knownOffline()) return;
    let live = true;
    void (async () => {
      // Offline or refused: the agreement shows the signature as not available here.
      const file = await requestBlob(screenHttp(session, lang), `/api/blobs/${sha256}`);
      if (file.kind === 'ok' && live) setRemote(file.blob);
    })();
    return () => {
      live = false;
    };
  }, [sha256, local, session, lang]);
  return local ?? remote;
}
