import type { PullChange } from '@anxin/shared';
import type { DataKeys } from '../data/vault/data-keys';
import { SEALED } from '../data/vault/seal-policy';
import { type SealedRows, sealPageRows, sortPage } from './pull-rows';

/**
 * The pull worker (issue 20: "parsing moves off the thread that writes"). A first sync is
 * CPU-bound on the page's thread: per row a JSON.stringify, a UTF-8 encode, an AES-GCM seal
 * and a blind index, ~0.1–0.2 ms each, as much as the IndexedDB write itself. Here a page's
 * text is parsed, sorted (pull-rows.ts) and sealed, and only the sealed rows go back; the
 * page's thread is left with the writes. The data key comes with each page as the page's
 * CryptoKeys (non-extractable: cloning them to a worker of this origin hands over a handle,
 * never the key bytes). The worker keeps nothing between pages.
 */

export interface SealRequest {
  readonly id: number;
  readonly keys: DataKeys;
  /** The pull answer's body as received. */
  readonly text: string;
}

export type SealReply =
  | { readonly id: number; readonly ok: true; readonly sealed: SealedRows }
  | { readonly id: number; readonly ok: false; readonly message: string };

interface WorkerScope {
  onmessage: ((ev: MessageEvent<SealRequest>) => void) | null;
  postMessage(message: SealReply, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (ev) => {
  const { id, keys, text } = ev.data;
  void (async () => {
    try {
      const page = JSON.parse(text) as { changes: PullChange[] };
      const sealed = await sealPageRows(keys, sortPage(page.changes));
      // The ciphertexts move instead of being copied: each is its own buffer (seal.ts).
      const transfer: Transferable[] = [];
      for (const rows of Object.values(sealed) as object[][]) {
        for (const row of rows) {
          const bytes = (row as Record<string, unknown>)[SEALED];
          if (bytes instanceof Uint8Array && bytes.byteOffset === 0) transfer.push(bytes.buffer);
        }
      }
      scope.postMessage({ id, ok: true, sealed }, transfer);
    } catch (err) {
      scope.postMessage(
        { id, ok: false, message: err instanceof Error ? err.message : String(err) },
        [],
      );
    }
  })();
};
