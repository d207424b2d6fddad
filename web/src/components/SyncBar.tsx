import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { useEngine, useSignedIn, useSyncStatus } from '../app/services';
import { useLang, useTranslation } from '../i18n';
import { formatWhen } from '../i18n/format';

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

/** On every signed-in screen: network, pending uploads, conflicts, last sync, sync now. */
export function SyncBar() {
  const { t } = useTranslation();
  const lang = useLang();
  const engine = useEngine();
  const status = useSyncStatus();
  const { signInAgain } = useSignedIn();
  const browserOnline = useOnline();
  if (!engine || !status) {
    return (
      <section className="sync-bar" aria-label={t('sync.region')} data-testid="sync-bar">
        <span data-testid="sync-online" data-online={browserOnline ? 'true' : 'false'}>
          <span className={`dot ${browserOnline ? 'on' : 'off'}`} aria-hidden="true" />
          {browserOnline ? t('sync.online') : t('sync.offline')}
        </span>
        <span>{t('app.loading')}</span>
      </section>
    );
  }
  const { sync } = engine;
  const online = status.online && browserOnline;
  const skewMinutes = Math.round(Math.abs(status.clockOffsetMs ?? 0) / 60_000);
  const err = status.lastError;

  return (
    <section className="sync-bar" aria-label={t('sync.region')} data-testid="sync-bar">
      <span data-testid="sync-online" data-online={online ? 'true' : 'false'}>
        <span className={`dot ${online ? 'on' : 'off'}`} aria-hidden="true" />
        {online ? t('sync.online') : t('sync.offline')}
      </span>
      <span
        data-testid="sync-pending"
        data-count={status.pending}
        data-all-synced={status.allSynced ? 'true' : 'false'}
        data-syncing={status.syncing ? 'true' : 'false'}
        aria-live="polite"
      >
        {status.syncing
          ? t('sync.syncing')
          : status.pending > 0
            ? t('sync.pending', { count: status.pending })
            : status.allSynced
              ? t('sync.allSynced')
              : t('sync.pending', { count: 0 })}
      </span>
      {status.conflicts > 0 && (
        <Link href="/conflicts" data-testid="sync-conflicts">
          {t('sync.conflicts', { count: status.conflicts })}
        </Link>
      )}
      <span className="grow">
        {status.lastSyncAt
          ? t('sync.lastSync', { time: formatWhen(status.lastSyncAt, lang) })
          : t('sync.neverSynced')}
      </span>
      <button
        type="button"
        onClick={() => void sync.syncNow()}
        disabled={!online || status.syncing}
        data-testid="sync-now"
      >
        {t('sync.syncNow')}
      </button>
      {status.accountDisabled && (
        <p className="warn" role="alert" data-testid="account-disabled">
          {lang === 'zh' ? err?.message : err?.messageEn}
        </p>
      )}
      {status.needsSignIn && !status.accountDisabled && (
        <p className="warn" role="alert">
          {t('sync.needsSignIn')}{' '}
          <button type="button" onClick={signInAgain} data-testid="sign-in-again">
            {t('sync.signInAgain')}
          </button>
        </p>
      )}
      {!status.needsSignIn && err && online && (
        <p className="warn" role="status">
          {lang === 'zh' ? err.message : err.messageEn}
        </p>
      )}
      {status.clockSkewWarning && (
        <p className="warn" role="status">
          {t('sync.clockSkew', { minutes: skewMinutes })}
        </p>
      )}
    </section>
  );
}
