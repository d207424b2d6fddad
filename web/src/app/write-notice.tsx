import { joinClauses } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { deliveryOf, queuedBy, type WriteDelivery } from '../data/office-actions';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { reasonText } from '../sync/reasons';
import { errorText } from './errors';
import { useSendNow } from './office-actions';
import { useDb, useSyncStatus } from './services';

/** What the notice says about a write: what was done, and the mutations it follows. */
interface Followed {
  text: string;
  ids: readonly string[];
  /** A refused write (nothing queued): shown as an error, not followed. */
  error?: boolean;
}

export type DeliveryState =
  | { kind: 'none' }
  | { kind: 'sending' }
  | { kind: 'offline' }
  | { kind: 'retrying'; why: string }
  | { kind: 'delivered'; count: number }
  | { kind: 'refused'; delivered: number; reasons: string[] };

/**
 * Where a write stands for the person who made it: still queued (sending, or waiting for a
 * network, or for a retry after a failure), answered and taken (已送达), or answered and
 * not taken (the server's reason, from the inbox). Pure, so the wording rules are tested
 * without a browser.
 */
export function deliveryState(
  d: WriteDelivery,
  sync: { online: boolean; lastErrorText: string | null },
  reason: (c: WriteDelivery['refused'][number]) => string,
): DeliveryState {
  const total = d.pending + d.delivered + d.refused.length;
  if (total === 0) return { kind: 'none' };
  if (d.pending > 0) {
    if (!sync.online) return { kind: 'offline' };
    if (sync.lastErrorText) return { kind: 'retrying', why: sync.lastErrorText };
    return { kind: 'sending' };
  }
  if (d.refused.length > 0) {
    return {
      kind: 'refused',
      delivered: d.delivered,
      reasons: [...new Set(d.refused.map(reason))],
    };
  }
  return { kind: 'delivered', count: d.delivered };
}

/** The notice line: `role="status"`, so a screen reader hears each change of it. */
function WriteNoticeLine(props: { followed: Followed }) {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const db = useDb();
  const sync = useSyncStatus();
  const { ids, text, error } = props.followed;
  // `ids` is the same array for as long as the notice follows the same write.
  const delivery = useLiveQuery(() => deliveryOf(db, ids), [db, ids]);
  const state = delivery
    ? deliveryState(
        delivery,
        { online: sync?.online ?? true, lastErrorText: sync?.lastError?.text(lang) ?? null },
        (c) => reasonText(c, lang),
      )
    : ({ kind: 'sending' } as const);
  let tail: ReactNode = null;
  let tone = '';
  switch (state.kind) {
    case 'none':
      break;
    case 'sending':
      tail = t('writeNotice.sending');
      break;
    case 'offline':
      tail = t('writeNotice.offline');
      break;
    case 'retrying':
      tail = t('writeNotice.retrying', { why: state.why });
      tone = 'warn';
      break;
    case 'delivered':
      tail = t('writeNotice.delivered');
      tone = 'ok';
      break;
    case 'refused':
      tone = 'warn';
      tail = (
        <>
          {state.delivered > 0 && `${t('writeNotice.deliveredSome', { count: state.delivered })} `}
          {t('writeNotice.refused', {
            count: ids.length - state.delivered,
            why: joinClauses(state.reasons, lang),
          })}{' '}
          <Link href="/conflicts">{t('writeNotice.openInbox')}</Link>
        </>
      );
      break;
  }
  return (
    <p
      role="status"
      className={`notice write-notice ${error ? 'error' : tone}`.trim()}
      data-testid="write-notice"
      data-state={error ? 'error' : state.kind}
    >
      {text}
      {tail !== null && (
        <>
          {t('writeNotice.separator')}
          {tail}
        </>
      )}
    </p>
  );
}

export interface WriteNotice {
  /**
   * Runs `write` (one or more queued writes; it returns what to say about them), sends what
   * it queued at once and then follows it to 已送达 or the server's reason. A write the
   * device refuses (nothing queued) shows its reason instead. Resolves true when it wrote.
   */
  send(write: () => Promise<string>, after?: () => void): Promise<boolean>;
  /** The line to render where the person is looking (null before any write). */
  element: ReactNode;
  /** A plain message in the same place (e.g. a refusal found before writing). */
  show(text: string, error?: boolean): void;
  /** The ids the last write queued (to follow them elsewhere, e.g. an undo offer). */
  ids: readonly string[];
}

/** One notice per screen for its writes; see `WriteNotice`. */
export function useWriteNotice(): WriteNotice {
  const db = useDb();
  const lang = useLang();
  const sendNow = useSendNow();
  const [followed, setFollowed] = useState<Followed | null>(null);
  const send = useCallback(
    async (write: () => Promise<string>, after?: () => void) => {
      try {
        const { result, ids } = await queuedBy(db, write);
        setFollowed({ text: result, ids });
        sendNow(after);
        return true;
      } catch (err) {
        setFollowed({ text: errorText(err, lang), ids: [], error: true });
        return false;
      }
    },
    [db, lang, sendNow],
  );
  const show = useCallback((text: string, error = false) => {
    setFollowed({ text, ids: [], error });
  }, []);
  const element = useMemo(
    () => (followed ? <WriteNoticeLine followed={followed} /> : null),
    [followed],
  );
  return { send, element, show, ids: followed?.ids ?? [] };
}
