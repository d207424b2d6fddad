import type { EmployerHistory } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'wouter';
import { screenHttp } from '../app/http';
import { useDb, useServices, useSyncStatus, useWorkspace } from '../app/services';
import { SyncProgressText } from '../components/SyncProgress';
import { requestPersistentStorage } from '../data/storage';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { request, requestBlob } from '../sync/http';
import { progressCounter, syncView } from '../sync/status';
import { preDepartureCheck, readyToLeave, type TripCheckItem } from './trip-check';
import { blobHashesOf, downloadBlobs, loadPlanCopy, saveEmployerHistory } from './trip-store';

type Phase = 'idle' | 'syncing' | 'history' | 'files' | 'checking' | 'done';

/**
 * "Prepare trip": brings the planned cases (by sync), their employers' history and their
 * files onto the device, then runs the pre-departure check and says plainly what is not
 * ready.
 */
export function PrepareTrip() {
  const { t } = useWorkspaceTexts('inspector');
  const lang = useLang();
  const db = useDb();
  const { session } = useServices();
  const ws = useWorkspace();
  const plan = useLiveQuery(() => loadPlanCopy(db), [db]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [items, setItems] = useState<TripCheckItem[] | null>(null);
  const status = useSyncStatus();
  // The sync bar's own counter ("正在下载 1,200 / 2,000 条"), beside the step it belongs to.
  const counter =
    phase === 'syncing' && status
      ? progressCounter(syncView(status, navigator.onLine).state)
      : null;

  const prepare = async () => {
    if (!plan) return;
    setItems(null);
    setPhase('syncing');
    // Sends what is queued and pulls: the planned cases are in the inspector's towns.
    await ws.sync.syncNow().catch(() => undefined);
    const cases = (await db.cases.bulkGet(plan.caseIds)).filter((c) => c !== undefined);
    setPhase('history');
    const codes = [
      ...new Set(cases.flatMap((c) => (c.employer.creditCode ? [c.employer.creditCode] : []))),
    ];
    const http = screenHttp(session, lang);
    for (const code of codes) {
      const h = await request(
        http,
        'GET',
        `/api/employers/history?creditCode=${encodeURIComponent(code)}`,
      );
      if (h.kind === 'ok') await saveEmployerHistory(db, h.body as EmployerHistory);
    }
    setPhase('files');
    const hashes = await blobHashesOf(db, plan.caseIds);
    const metas = await db.attachmentMeta.where('caseId').anyOf(plan.caseIds).toArray();
    const caseOf = (sha: string) => metas.find((m) => m.sha256 === sha)?.caseId ?? plan.caseIds[0]!;
    const missingAttachments = await downloadBlobs(db, hashes, caseOf, async (sha) => {
      const file = await requestBlob(http, `/api/blobs/${sha}`);
      return file.kind === 'ok' ? file.blob : null;
    });
    setPhase('checking');
    // The health answer carries the server's time; the client measures the offset from it.
    const health = await request(http, 'GET', '/api/health');
    const clockOffsetMs = health.kind === 'ok' ? health.clockOffsetMs : null;
    const storage = await requestPersistentStorage();
    const persistedKnown = typeof navigator !== 'undefined' && navigator.storage !== undefined;
    const stored = await session.current();
    const tripEndsOn =
      plan.visits
        .map((v) => v.date)
        .sort()
        .at(-1) ?? plan.weekOf;
    setItems(
      preDepartureCheck({
        outbox: await db.outbox.count(),
        persisted: persistedKnown ? storage.persisted : null,
        usage: storage.usage,
        quota: storage.quota,
        sessionExpiresAt: stored?.expiresAt ?? null,
        tripEndsOn,
        clockOffsetMs,
        missingCases: plan.caseIds.length - cases.length,
        missingAttachments,
      }),
    );
    setPhase('done');
  };

  const phaseText: Record<Phase, string> = {
    idle: '',
    syncing: t('trip.syncing'),
    history: t('trip.history'),
    files: t('trip.files'),
    checking: t('trip.checking'),
    done: '',
  };

  return (
    <section aria-labelledby="trip-title">
      <h2 id="trip-title">{t('trip.title')}</h2>
      {!plan && (
        <p>
          {t('trip.noPlan')}
          <Link href="/inspector">{t('trip.makePlan')}</Link>
        </p>
      )}
      {plan && (
        <>
          <p>
            {t('trip.summary', {
              weekOf: plan.weekOf,
              visits: t('trip.visits', { count: plan.visits.length }),
              cases: t('trip.cases', { count: plan.caseIds.length }),
            })}
          </p>
          <button
            type="button"
            className="btn primary"
            disabled={phase !== 'idle' && phase !== 'done'}
            onClick={() => void prepare()}
          >
            {t('trip.prepare')}
          </button>
          {phaseText[phase] && (
            <p role="status">
              {phaseText[phase]}
              {counter && (
                <>
                  {' '}
                  <SyncProgressText counter={counter} testId="trip-progress" />
                </>
              )}
            </p>
          )}
        </>
      )}
      {items && (
        <div className="card" data-testid="trip-check">
          <h3>{readyToLeave(items) ? t('trip.ready') : t('trip.notReady')}</h3>
          <ul className="check-list">
            {items.map((i) => (
              <li key={i.key} className={i.ok ? 'ok' : 'bad'} data-check={i.key}>
                {t(`check.${i.text}`, i.params ?? {})}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
