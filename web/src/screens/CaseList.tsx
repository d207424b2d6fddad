import {
  CASE_STATUSES,
  type CaseStatus,
  compareUrgency,
  formatFen,
  maskMobile,
  OPEN_STATUSES,
  STAGE_137_LABELS,
  STAGES_137,
  type Stage137,
  totalOwedFen,
} from '@anxin/shared';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { firstScreenPainted } from '../app/after-paint';
import { stageOf, useServerNow, useStatusLabel } from '../app/hooks';
import { useDb } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { SelectField, TextField } from '../components/Field';
import { ProjectLine } from '../components/ProjectLine';
import { StageBadge } from '../components/StageBadge';
import type { AnxinDB } from '../data/db';
import type { LocalCase } from '../data/types';
import { useLang, useTranslation } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { townName } from '../i18n/towns';

// What fills a phone's screen and the virtualizer's overscan (about 6 rows of 112 px on
// screen, 6 more either side), not more: each row of the first page is decrypted before any
// is painted, and this page is what a cold start waits for after the PIN.
const FIRST_PAGE = 24;

/** The newest screenful, as the list shows it before the full read. */
function readFirstPage(db: AnxinDB): Promise<LocalCase[]> {
  return db.cases.orderBy('receivedAt').reverse().limit(FIRST_PAGE).toArray();
}

let primed: { db: AnxinDB; rows: Promise<LocalCase[]> } | null = null;

/**
 * Starts reading the first page at the moment the device is unlocked (app/Opened.tsx), while
 * the session is read and the frame renders, rather than from the list's first effect after
 * them. Taken by the next list that mounts; its live query follows as usual. The returned
 * drop is called when the device locks: opened rows are not kept past the key.
 */
export function primeFirstPage(db: AnxinDB): () => void {
  const rows = readFirstPage(db);
  rows.catch(() => undefined);
  const mine = { db, rows };
  primed = mine;
  return () => {
    if (primed === mine) primed = null;
  };
}

type StatusFilter = 'open' | 'all' | CaseStatus;
type StageFilter = 'all' | Stage137;
type SortOrder = 'urgency' | 'newest';

function matches(c: LocalCase, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  if (c.employer.name.toLowerCase().includes(needle)) return true;
  if (c.employer.creditCode?.toLowerCase().includes(needle)) return true;
  if (c.caseNo?.toLowerCase().includes(needle)) return true;
  const digits = needle.replace(/\D/g, '');
  return c.claimants.some(
    (cl) =>
      cl.name.toLowerCase().includes(needle) || (digits.length >= 4 && cl.mobile.includes(digits)),
  );
}

/**
 * True from the first frame painted after `ready` became true, and from then on. A
 * requestAnimationFrame callback runs just before the browser paints; the task it queues
 * runs after that paint.
 */
function useAfterPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}

/**
 * The officer's first screen: every case on the device (the server sends only the user's
 * towns), most urgent first by default (overdue, then a deadline today, then the rest), with
 * the 1-3-7 countdown by SERVER time. The page itself scrolls (one thumb, no box inside a
 * box); the list is virtualised against the window, so 5,000+ cases scroll smoothly on a
 * cheap phone.
 */
export function CaseList(props: { title?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const db = useDb();
  const now = useServerNow();
  const statusLabel = useStatusLabel();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('open');
  const [stage, setStage] = useState<StageFilter>('all');
  const [sort, setSort] = useState<SortOrder>('urgency');
  const deferredQuery = useDeferredValue(query.trim());

  // The newest screenful first, so a phone holding tens of thousands of cases paints at once;
  // the full set (for filters, search and the count) replaces it as soon as it is read.
  const [primedPage, setPrimedPage] = useState<LocalCase[] | undefined>(undefined);
  useEffect(() => {
    const p = primed;
    primed = null;
    if (!p || p.db !== db) return;
    let live = true;
    p.rows.then(
      (rows) => {
        if (live) setPrimedPage(rows);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [db]);
  const livePage = useLiveQuery(() => readFirstPage(db), [db]);
  const firstPage = livePage ?? primedPage;
  // The full read (seconds for 50,000 rows on a phone) starts only once the first page is on
  // screen: started together, it competes with that page for the storage backend and the
  // main thread and delays the very paint the officer is waiting for.
  const firstPainted = useAfterPaint(firstPage !== undefined);
  // The sync engine waits for this before it loads (app/Opened.tsx).
  useEffect(() => {
    if (firstPainted) firstScreenPainted();
  }, [firstPainted]);
  const all = useLiveQuery<LocalCase[] | undefined>(
    () =>
      firstPainted
        ? db.cases.orderBy('receivedAt').reverse().toArray()
        : Promise.resolve(undefined),
    [db, firstPainted],
  );
  const cases = all ?? firstPage;
  const complete = all !== undefined;

  const rows = useMemo(() => {
    if (!cases) return [];
    const out: Array<{ c: LocalCase; clock: ReturnType<typeof stageOf> }> = [];
    for (const c of cases) {
      if (
        status === 'open'
          ? !OPEN_STATUSES.includes(c.status)
          : status !== 'all' && c.status !== status
      ) {
        continue;
      }
      if (!matches(c, deferredQuery)) continue;
      const clock = stageOf(c, now);
      if (stage !== 'all' && clock?.stage !== stage) continue;
      out.push({ c, clock });
    }
    // Read newest first; the urgency order is stable over it, so equal cases stay newest first.
    if (sort === 'urgency') out.sort((a, b) => compareUrgency(a.c, b.c, now));
    return out;
  }, [cases, status, stage, deferredQuery, now, sort]);

  const listRef = useRef<HTMLElement>(null);
  // Where the list starts on the page: the virtualizer counts the window's scroll from there.
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) setListTop(el.getBoundingClientRect().top + window.scrollY);
  });
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => 112,
    overscan: 6,
    scrollMargin: listTop,
    getItemKey: (i) => rows[i]?.c.id ?? i,
  });

  const statusOptions: Array<{ value: StatusFilter; label: string }> = [
    { value: 'open', label: t('cases.openOnly') },
    { value: 'all', label: t('cases.all') },
    ...CASE_STATUSES.map((s) => ({ value: s as StatusFilter, label: statusLabel(s) })),
  ];
  const stageOptions: Array<{ value: StageFilter; label: string }> = [
    { value: 'all', label: t('cases.all') },
    ...STAGES_137.map((s) => ({ value: s as StageFilter, label: STAGE_137_LABELS[s][lang] })),
  ];

  return (
    <AppFrame title={props.title ?? t('cases.title')}>
      <div className="filters">
        <div className="search">
          <TextField
            id="case-search"
            plain
            type="search"
            label={t('cases.searchLabel')}
            hint={t('cases.search')}
            value={query}
            onChange={setQuery}
          />
        </div>
        <SelectField
          id="filter-stage"
          plain
          label={t('cases.filterStage')}
          value={stage}
          onChange={setStage}
          options={stageOptions}
        />
        <SelectField
          id="filter-status"
          plain
          label={t('cases.filterStatus')}
          value={status}
          onChange={setStatus}
          options={statusOptions}
        />
        <SelectField
          id="case-sort"
          plain
          label={t('cases.sortLabel')}
          value={sort}
          onChange={setSort}
          options={[
            { value: 'urgency', label: t('cases.sortUrgency') },
            { value: 'newest', label: t('cases.sortNewest') },
          ]}
        />
      </div>
      <p aria-live="polite" data-testid="case-count" data-complete={complete ? 'true' : 'false'}>
        {complete ? t('cases.count', { count: rows.length }) : t('app.loading')}
      </p>
      {cases && cases.length === 0 && <p>{t('cases.emptyAll')}</p>}
      {cases && cases.length > 0 && rows.length === 0 && <p>{t('cases.empty')}</p>}
      {rows.length > 0 && (
        <section ref={listRef} className="case-list" aria-label={t('cases.title')}>
          <ul
            style={{
              height: virtualizer.getTotalSize(),
              position: 'relative',
              margin: 0,
              padding: 0,
              listStyle: 'none',
            }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              const { c, clock } = row;
              const first = c.claimants[0];
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`,
                  }}
                >
                  <Link href={`/cases/${c.id}`} className="case-item" data-testid="case-item">
                    <div className="top">
                      <span className="employer">{c.employer.name}</span>
                      <span className="badge status">{statusLabel(c.status)}</span>
                    </div>
                    <div className="meta">
                      {first ? `${first.name} ${maskMobile(first.mobile)}` : ''}
                      {c.claimants.length > 1
                        ? ` · ${t('cases.claimants', { count: c.claimants.length })}`
                        : ''}
                      {' · '}
                      {t('cases.owed', { amount: formatFen(totalOwedFen(c)) })}
                    </div>
                    <ProjectLine case={c} />
                    <div className="meta">
                      {townName(c.townId, lang)} ·{' '}
                      {t('cases.received', { time: formatDateTime(c.receivedAt, lang) })}
                    </div>
                    <div className="badges">
                      {clock && <StageBadge clock={clock} nowMs={now} />}
                      {c.pendingCount > 0 && (
                        <span className="badge pending">{t('cases.pendingBadge')}</span>
                      )}
                    </div>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </AppFrame>
  );
}
