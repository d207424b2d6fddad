import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'wouter';
import { useDb } from '../app/services';
import { useTranslation } from '../i18n';
import { Notice } from './Field';

/**
 * On the case page: the officer's changes to this case that the server did not take, with
 * the way to the inbox item (the one itself, or this case's items when there are several).
 * Nothing when there are none.
 */
export function UnacceptedChanges(props: { caseId: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const ids = useLiveQuery(
    () => db.conflicts.where('entityId').equals(props.caseId).primaryKeys(),
    [db, props.caseId],
  );
  if (!ids || ids.length === 0) return null;
  const href =
    ids.length === 1
      ? `/conflicts?item=${encodeURIComponent(ids[0]!)}`
      : `/conflicts?case=${encodeURIComponent(props.caseId)}`;
  return (
    <Notice kind="warn" testId="case-unaccepted">
      <span className="row" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <span>{t('conflicts.unaccepted', { count: ids.length })}</span>
        <Link href={href} className="btn small" data-testid="case-unaccepted-link">
          {t('conflicts.unacceptedLink')}
        </Link>
      </span>
    </Notice>
  );
}
