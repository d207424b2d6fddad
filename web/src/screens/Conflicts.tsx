import type { Case, CaseEvent } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useSearch } from 'wouter';
import { useDb } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { ConflictCard } from '../components/conflict/ConflictCard';
import { Notice } from '../components/Field';
import { currentBase } from '../data/rebuild';
import { useTranslation } from '../i18n';

/**
 * Changes the server did not take: kept until a person discards or settles them.
 * `?case=<id>` shows one case's items (the link on the case page), `?item=<id>` scrolls to one.
 */
export function Conflicts() {
  const { t } = useTranslation();
  const db = useDb();
  const params = new URLSearchParams(useSearch());
  const onlyCase = params.get('case');
  const focusItem = params.get('item');
  const data = useLiveQuery(async () => {
    const all = await db.conflicts.orderBy('createdAt').reverse().toArray();
    const items = onlyCase ? all.filter((i) => i.entityId === onlyCase) : all;
    const caseIds = [...new Set(items.map((i) => i.entityId))];
    const [rows, events] = await Promise.all([
      db.cases.bulkGet(caseIds),
      db.events.where('caseId').anyOf(caseIds).toArray(),
    ]);
    const current = new Map<string, Case | null>(
      caseIds.map((id, i) => [id, currentBase(rows[i])]),
    );
    const eventsOf = new Map<string, CaseEvent[]>();
    for (const e of events) eventsOf.set(e.caseId, [...(eventsOf.get(e.caseId) ?? []), e]);
    return { items, total: all.length, current, eventsOf };
  }, [db, onlyCase]);

  return (
    <AppFrame title={t('conflicts.title')}>
      <p>{t('conflicts.intro')}</p>
      {data && data.total === 0 && <Notice kind="ok">{t('conflicts.empty')}</Notice>}
      {data?.items.map((item, i) => (
        <ConflictCard
          key={item.id}
          item={item}
          current={data.current.get(item.entityId) ?? null}
          events={data.eventsOf.get(item.entityId) ?? []}
          focused={focusItem ? item.id === focusItem : Boolean(onlyCase) && i === 0}
        />
      ))}
      {data && onlyCase && data.total > data.items.length && (
        <Link href="/conflicts" className="btn small">
          {t('conflicts.showAll')}
        </Link>
      )}
    </AppFrame>
  );
}
