import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useEngine, useSignedIn, useSyncStatus } from '../app/services';
import { useLang, useTranslation } from '../i18n';
import { formatWhen } from '../i18n/format';
import { agoOf, progressCounter, type SyncView, syncView } from '../sync/status';
import { progressText, SyncProgressText } from './SyncProgress';

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** Re-renders every 30 s, so "2 分钟前" does not stand still. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

type T = ReturnType<typeof useTranslation>['t'];

/** The one sentence for the bar's one state (status.ts decides which). */
function stateText(view: SyncView, t: T, lang: 'zh' | 'en'): string {
  switch (view.kind) {
    case 'disabled':
      return view.error?.text(lang) ?? t('sync.needsSignIn');
    case 'signIn':
      return t('sync.needsSignIn');
    case 'offline':
      return view.pending > 0
        ? t('sync.state.offline', { count: view.pending })
        : t('sync.state.offlineNone');
    case 'connecting':
      return t('sync.state.connecting');
    case 'uploading':
    case 'downloading': {
      const counter = progressCounter(view);
      return counter ? progressText(counter, t, lang) : t('sync.syncing');
    }
    case 'unreachable': {
      const since = formatWhen(view.since, lang);
      if (view.retrying) return t('sync.state.unreachableRetrying', { since });
      return view.pending > 0
        ? t('sync.state.unreachable', { since, count: view.pending })
        : t('sync.state.unreachableNone', { since });
    }
    case 'error':
      return view.error.text(lang);
    case 'returned':
      return t('sync.state.returned', { count: view.uploaded, returned: view.returned });
    case 'attention':
      return t('sync.state.attention');
    case 'pending':
      return t('sync.pending', { count: view.pending });
    case 'synced':
      return view.uploaded > 0
        ? t('sync.state.syncedUploaded', { count: view.uploaded })
        : t('sync.allSynced');
    case 'never':
      return t('sync.neverSynced');
  }
}

/** Needs a person, or reports a failure: read out at once rather than politely. */
const ALERTS: ReadonlySet<SyncView['kind']> = new Set(['disabled', 'signIn', 'error']);

/** On every signed-in screen: the network, the one sync state, conflicts, last sync, sync now. */
export function SyncBar() {
  const { t } = useTranslation();
  const lang = useLang();
  const engine = useEngine();
  const status = useSyncStatus();
  const { signInAgain } = useSignedIn();
  const browserOnline = useOnline();
  const nowMs = useMinuteClock();
  const [location] = useLocation();
  const onInbox = location.startsWith('/conflicts');
  const unseen = status?.lastRun?.seen === false;
  useEffect(() => {
    // Opening the inbox is seeing what came back.
    if (onInbox && unseen) engine?.sync.markRunSeen();
  }, [onInbox, unseen, engine]);

  if (!engine || !status) {
    return (
      <section className="sync-bar" aria-label={t('sync.region')} data-testid="sync-bar">
        <span data-testid="sync-online" data-online={browserOnline ? 'true' : 'false'}>
          <span className={`dot ${browserOnline ? 'on' : 'off'}`} aria-hidden="true" />
          {browserOnline ? t('sync.online') : t('sync.offline')}
        </span>
        <span className="sync-state">{t('app.loading')}</span>
      </section>
    );
  }
  const { sync } = engine;
  const view = syncView(status, browserOnline);
  const { state } = view;
  const skewMinutes = Math.round(Math.abs(status.clockOffsetMs ?? 0) / 60_000);
  const ago = status.lastSyncAt ? agoOf(status.lastSyncAt, nowMs) : null;
  const counter = progressCounter(state);

  return (
    <section
      className="sync-bar"
      aria-label={t('sync.region')}
      data-testid="sync-bar"
      data-state={state.kind}
    >
      <span data-testid="sync-online" data-online={view.online ? 'true' : 'false'}>
        <span className={`dot ${view.online ? 'on' : 'off'}`} aria-hidden="true" />
        {view.online ? t('sync.online') : t('sync.offline')}
      </span>
      <span
        className={`sync-state${ALERTS.has(state.kind) ? ' alert' : ''}`}
        data-testid="sync-pending"
        data-state={state.kind}
        data-count={status.pending}
        data-all-synced={state.kind === 'synced' ? 'true' : 'false'}
        data-syncing={status.syncing ? 'true' : 'false'}
        role={ALERTS.has(state.kind) ? 'alert' : 'status'}
      >
        {state.kind === 'disabled' ? (
          <span data-testid="account-disabled">{stateText(state, t, lang)}</span>
        ) : counter ? (
          <SyncProgressText counter={counter} testId="sync-progress" />
        ) : (
          stateText(state, t, lang)
        )}
        {state.kind === 'signIn' && (
          <button
            type="button"
            className="inline"
            onClick={signInAgain}
            data-testid="sign-in-again"
          >
            {t('sync.signInAgain')}
          </button>
        )}
      </span>
      {status.conflicts > 0 && (
        <Link href="/conflicts" data-testid="sync-conflicts" onClick={() => sync.markRunSeen()}>
          {t('sync.conflicts', { count: status.conflicts })}
        </Link>
      )}
      <span className="sync-last" data-testid="sync-last">
        {ago
          ? t('sync.lastSync', {
              time:
                ago.key === 'justNow'
                  ? t('sync.ago.justNow')
                  : t(`sync.ago.${ago.key}`, { count: ago.count }),
            })
          : t('sync.neverSynced')}
      </span>
      <button
        type="button"
        onClick={() => void sync.syncNow()}
        disabled={!view.canSyncNow}
        data-testid="sync-now"
      >
        {t('sync.syncNow')}
      </button>
      {status.clockSkewWarning && (
        <p className="warn" role="status">
          {t('sync.clockSkew', { minutes: skewMinutes })}
        </p>
      )}
    </section>
  );
}
