import { useState } from 'react';
import { useAnyFormDirty } from '../app/dirty';
import { useTranslation } from '../i18n';
import { useAppUpdate } from '../pwa/useAppUpdate';

/**
 * "新版本可用": shown when a new service worker waits. Applying it reloads the page, so the
 * button stays disabled while any form has unsaved edits; the officer finishes or leaves the
 * form first and loses nothing.
 */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const { needRefresh, apply } = useAppUpdate();
  const dirty = useAnyFormDirty();
  const [dismissed, setDismissed] = useState(false);
  if (!needRefresh || dismissed) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <p>
        <strong>{t('update.available')}</strong>
        {dirty && <> — {t('update.waitForm')}</>}
      </p>
      <button
        type="button"
        className="btn small primary"
        disabled={dirty}
        onClick={() => void apply()}
        data-testid="update-apply"
      >
        {t('update.apply')}
      </button>
      <button type="button" className="btn small" onClick={() => setDismissed(true)}>
        {t('update.later')}
      </button>
    </div>
  );
}
