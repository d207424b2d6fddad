import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { openBlob } from '../data/vault/seal';
import { useLang } from '../i18n';
import { requestBlob } from '../sync/http';
import { knownOffline, screenHttp } from './http';
import { useDb, useServices } from './services';

/**
 * Where an attachment's bytes are: `ready` (on this device, or fetched), `loading` (being
 * fetched, or this device is still looking), `offline` (on the server only, and no network)
 * or `missing` (the server would not give them). Only `offline` may say "shown when online".
 */
export type AttachmentState =
  | { kind: 'ready'; blob: Blob }
  | { kind: 'loading' }
  | { kind: 'offline' }
  | { kind: 'missing' };

/**
 * An attachment's bytes: from this device when it was made here (always the case for what
 * the officer signed or photographed), else fetched once from the server by content hash
 * when online; fetched again when the device comes back online.
 */
export function useAttachment(sha256: string | undefined): AttachmentState {
  const db = useDb();
  const { session } = useServices();
  const lang = useLang();
  const local = useLiveQuery(async () => {
    const row = sha256 ? await db.attachments.get(sha256) : undefined;
    // The stored bytes are sealed: open them with the device's key.
    return row ? openBlob(db.keySource.keys(), row) : null;
  }, [db, sha256]);
  const [remote, setRemote] = useState<AttachmentState>({ kind: 'loading' });
  const online = useOnline();
  useEffect(() => {
    // Bytes on this device, or the device still looking: nothing to fetch.
    if (!sha256 || local !== null) return;
    if (!online) {
      setRemote({ kind: 'offline' });
      return;
    }
    let live = true;
    setRemote({ kind: 'loading' });
    void (async () => {
      const file = await requestBlob(screenHttp(session, lang), `/api/blobs/${sha256}`);
      if (!live) return;
      if (file.kind === 'ok') setRemote({ kind: 'ready', blob: file.blob });
      else setRemote({ kind: file.kind === 'network' ? 'offline' : 'missing' });
    })();
    return () => {
      live = false;
    };
  }, [sha256, local, online, session, lang]);
  if (local) return { kind: 'ready', blob: local };
  if (!sha256) return { kind: 'missing' };
  return local === undefined ? { kind: 'loading' } : remote;
}

/** The bytes alone, null until they are here (signatures on the agreement). */
export function useAttachmentBlob(sha256: string | undefined): Blob | null {
  const state = useAttachment(sha256);
  return state.kind === 'ready' ? state.blob : null;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => !knownOffline());
  useEffect(() => {
    const update = () => setOnline(!knownOffline());
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
