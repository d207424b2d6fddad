import { ROLES } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { APP_BUILD } from '../app/build-info';
import { useDb, useServices, useWorkspace } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { Notice } from '../components/Field';
import { requestPersistentStorage } from '../data/storage';
import { setLang, useLang, useTranslation } from '../i18n';
import { formatBytes, formatDateTime } from '../i18n/format';
import { PinForm } from './PinSetup';

type StorageInfo = Awaited<ReturnType<typeof requestPersistentStorage>>;

/** Storage panel (persistent storage, space used, unsent items), language and account. */
export function Settings() {
  const { t } = useTranslation();
  const lang = useLang();
  const db = useDb();
  const { vault } = useServices();
  const { user, expiresAt, signOut } = useWorkspace();
  const [changingPin, setChangingPin] = useState(false);
  const [pinChanged, setPinChanged] = useState(false);
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  const [logoutWarn, setLogoutWarn] = useState<{ unsent: number; drafts: number } | null>(null);

  const counts = useLiveQuery(async () => {
    const [outbox, cases, attachments] = await Promise.all([
      db.outbox.count(),
      db.cases.count(),
      db.attachments.filter((a) => !a.uploaded).count(),
    ]);
    return { outbox, cases, attachments };
  }, [db]);

  const refresh = useCallback(async () => setStorage(await requestPersistentStorage()), []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const logout = async (discardUnsent: boolean) => {
    const r = await signOut({ discardUnsent });
    if (!r.ok) setLogoutWarn({ unsent: r.unsent, drafts: r.drafts });
  };

  const roleLabel = (ROLES as readonly string[]).includes(user.role)
    ? t(`roles.${user.role}`)
    : user.role;
  const unknown = t('settings.unknown');

  return (
    <AppFrame title={t('settings.title')}>
      <section className="card" aria-labelledby="sec-storage" data-testid="storage-panel">
        <h2 id="sec-storage">{t('settings.storage')}</h2>
        <dl className="kv">
          <dt>{t('settings.persisted')}</dt>
          <dd data-testid="storage-persisted">
            {storage === null
              ? '…'
              : storage.persisted
                ? t('settings.persistedYes')
                : t('settings.persistedNo')}
          </dd>
          <dt>{t('settings.used')}</dt>
          <dd data-testid="storage-used">
            {storage ? (formatBytes(storage.usage) ?? unknown) : '…'}
          </dd>
          <dt>{t('settings.quota')}</dt>
          <dd>{storage ? (formatBytes(storage.quota) ?? unknown) : '…'}</dd>
          <dt>{t('settings.unsent')}</dt>
          <dd data-testid="storage-unsent">
            {t('settings.unsentItems', { count: counts?.outbox ?? 0 })}
          </dd>
          <dt>{t('settings.attachmentsPending')}</dt>
          <dd>{counts?.attachments ?? 0}</dd>
          <dt>{t('settings.cases')}</dt>
          <dd>{counts?.cases ?? 0}</dd>
        </dl>
        {storage && !storage.persisted && (
          <button
            type="button"
            className="btn block"
            style={{ marginTop: 8 }}
            onClick={() => void refresh()}
          >
            {t('settings.askPersist')}
          </button>
        )}
      </section>

      <section className="card" aria-labelledby="sec-lang">
        <h2 id="sec-lang">{t('settings.language')}</h2>
        <div className="row">
          <button
            type="button"
            className={`btn${lang === 'zh' ? ' primary' : ''}`}
            aria-pressed={lang === 'zh'}
            lang="zh-CN"
            onClick={() => setLang('zh')}
          >
            中文
          </button>
          <button
            type="button"
            className={`btn${lang === 'en' ? ' primary' : ''}`}
            aria-pressed={lang === 'en'}
            lang="en"
            onClick={() => setLang('en')}
          >
            English
          </button>
        </div>
      </section>

      <section className="card" aria-labelledby="sec-security">
        <h2 id="sec-security">{t('settings.security')}</h2>
        <p>{t('pin.autoLock')}</p>
        {pinChanged && (
          <Notice kind="ok" testId="pin-changed">
            {t('pin.changed')}
          </Notice>
        )}
        {changingPin ? (
          <>
            <h3>{t('pin.changeTitle')}</h3>
            <PinForm
              mode="change"
              onDone={() => {
                setChangingPin(false);
                setPinChanged(true);
              }}
            />
            <button
              type="button"
              className="btn block"
              style={{ marginTop: 8 }}
              onClick={() => setChangingPin(false)}
            >
              {t('app.cancel')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn block"
            onClick={() => {
              setPinChanged(false);
              setChangingPin(true);
            }}
            data-testid="change-pin"
          >
            {t('settings.changePin')}
          </button>
        )}
        <button
          type="button"
          className="btn block"
          style={{ marginTop: 8 }}
          onClick={() => vault.lock()}
          data-testid="lock-now"
        >
          {t('settings.lockNow')}
        </button>
      </section>

      <section className="card" aria-labelledby="sec-account">
        <h2 id="sec-account">{t('settings.account')}</h2>
        <p>{t('settings.signedInAs', { name: user.displayName, role: roleLabel })}</p>
        <p>{t('settings.sessionUntil', { time: formatDateTime(expiresAt, lang) })}</p>
        <p>{t('settings.logoutOffline')}</p>
        {logoutWarn && (
          <Notice kind="error">
            {t('settings.logoutWarn', { count: logoutWarn.unsent + logoutWarn.drafts })}
            <br />
            <button
              type="button"
              className="btn danger primary"
              style={{ marginTop: 8 }}
              onClick={() => void logout(true)}
              data-testid="logout-confirm"
            >
              {t('settings.logoutConfirm')}
            </button>
          </Notice>
        )}
        <button
          type="button"
          className="btn danger block"
          onClick={() => void logout(false)}
          data-testid="logout"
        >
          {t('settings.logout')}
        </button>
        <p>
          {t('settings.version')}: <span data-testid="app-build">{APP_BUILD}</span>
        </p>
      </section>
    </AppFrame>
  );
}
