import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'wouter';
import { errorMessage } from '../app/errors';
import { useDb, useWorkspace } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { Notice } from '../components/Field';
import type { ConflictItem } from '../data/types';
import { useLang, useTranslation } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { reasonText } from '../sync/reasons';

/** Values as an officer reads them: text as is, objects as indented JSON. */
function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}

/** The server copy's values for the fields concerned, so both sides compare field by field. */
function serverFields(item: ConflictItem): Record<string, unknown> | null {
  if (typeof item.server !== 'object' || item.server === null) return null;
  const server = item.server as Record<string, unknown>;
  const fields = item.fields.length > 0 ? item.fields : Object.keys(item.mine);
  return Object.fromEntries(fields.map((f) => [f, server[f]]));
}

/** Field by field, named in the UI language, so the officer compares like with like. */
function FieldValues(props: { values: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(props.values);
  if (entries.length === 0) return <p>—</p>;
  return (
    <dl>
      {entries.map(([field, value]) => (
        <div key={field}>
          <dt>{t(`fields.${field}`, { defaultValue: field })}</dt>
          <dd>
            <pre>{show(value)}</pre>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ConflictCard(props: { item: ConflictItem }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { actions } = useWorkspace();
  const { item } = props;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const server = serverFields(item);
  const fieldNames = item.fields.length > 0 ? item.fields : Object.keys(item.mine);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err, lang));
    }
  };

  return (
    <article className="card" data-testid="conflict-item" data-kind={item.kind}>
      <h2>{t(`conflicts.kind_${item.kind}`)}</h2>
      <p>
        {t('conflicts.at', { time: formatDateTime(item.createdAt, lang) })} ·{' '}
        {t('conflicts.mutation', { name: t(`events.${item.mutation.name}`) })}
      </p>
      <p>
        <strong>{t('conflicts.reason')}:</strong>{' '}
        <span data-testid="conflict-reason">{reasonText(item, lang)}</span>
      </p>
      {fieldNames.length > 0 && (
        <p>
          <strong>{t('conflicts.fields')}:</strong>{' '}
          {fieldNames.map((f) => t(`fields.${f}`, { defaultValue: f })).join('、')}
        </p>
      )}
      <div className="compare">
        <div data-testid="conflict-mine">
          <h3>{t('conflicts.mine')}</h3>
          <FieldValues values={item.mine} />
        </div>
        <div data-testid="conflict-server">
          <h3>{t('conflicts.server')}</h3>
          {server ? <FieldValues values={server} /> : <p>—</p>}
        </div>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="row" style={{ marginTop: 8 }}>
        <Link href={`/cases/${item.entityId}`} className="btn small">
          {t('conflicts.openCase')}
        </Link>
        {!confirming ? (
          <button
            type="button"
            className="btn small danger"
            onClick={() => setConfirming(true)}
            data-testid="conflict-discard"
          >
            {t('conflicts.discard')}
          </button>
        ) : (
          <>
            <span role="alert">{t('conflicts.confirmDiscard')}</span>
            <button
              type="button"
              className="btn small danger primary"
              onClick={() => void run(() => actions.discardConflict(item.id))}
              data-testid="conflict-discard-confirm"
            >
              {t('conflicts.discard')}
            </button>
            <button type="button" className="btn small" onClick={() => setConfirming(false)}>
              {t('app.cancel')}
            </button>
          </>
        )}
        <button
          type="button"
          className="btn small primary"
          onClick={() => void run(() => actions.reapplyConflict(item.id))}
          data-testid="conflict-reapply"
        >
          {t('conflicts.reapply')}
        </button>
      </div>
    </article>
  );
}

/** Changes the server did not take: kept until a person discards or re-applies them. */
export function Conflicts() {
  const { t } = useTranslation();
  const db = useDb();
  const items = useLiveQuery(() => db.conflicts.orderBy('createdAt').reverse().toArray(), [db]);
  return (
    <AppFrame title={t('conflicts.title')}>
      <p>{t('conflicts.intro')}</p>
      {items && items.length === 0 && <Notice kind="ok">{t('conflicts.empty')}</Notice>}
      {items?.map((item) => (
        <ConflictCard key={item.id} item={item} />
      ))}
    </AppFrame>
  );
}
