import type { EmployerHistory } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'wouter';
import { useDb, useServices, useWorkspace } from '../app/services';
import { requestPersistentStorage } from '../data/storage';
import { measureOffset } from '../data/time';
import { useLang } from '../i18n';
import { getJson, useTx } from '../office/common';
import { preDepartureCheck, readyToLeave, type TripCheckItem } from './trip-check';
import { blobHashesOf, downloadBlobs, loadPlanCopy, saveEmployerHistory } from './trip-store';

type Phase = 'idle' | 'syncing' | 'history' | 'files' | 'checking' | 'done';

/**
 * "Prepare trip": brings the planned cases (by sync), their employers' history and their
 * files onto the device, then runs the pre-departure check and says plainly what is not
 * ready.
 */
export function PrepareTrip() {
  const tx = useTx();
  const lang = useLang();
  const db = useDb();
  const { session } = useServices();
  const ws = useWorkspace();
  const plan = useLiveQuery(() => loadPlanCopy(db), [db]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [items, setItems] = useState<TripCheckItem[] | null>(null);

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
    for (const code of codes) {
      const h = await getJson<EmployerHistory>(
        session,
        `/api/employers/history?creditCode=${encodeURIComponent(code)}`,
        lang,
      );
      if (h.ok) await saveEmployerHistory(db, h.data);
    }
    setPhase('files');
    const hashes = await blobHashesOf(db, plan.caseIds);
    const metas = await db.attachmentMeta.where('caseId').anyOf(plan.caseIds).toArray();
    const caseOf = (sha: string) => metas.find((m) => m.sha256 === sha)?.caseId ?? plan.caseIds[0]!;
    const token = (await session.current())?.token ?? null;
    const missingAttachments = await downloadBlobs(db, hashes, caseOf, async (sha) => {
      if (!token) return null;
      try {
        const res = await fetch(`/api/blobs/${sha}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        return res.ok ? await res.blob() : null;
      } catch {
        return null;
      }
    });
    setPhase('checking');
    let clockOffsetMs: number | null = null;
    try {
      const sentAt = Date.now();
      const res = await fetch('/api/health', { headers: { Accept: 'application/json' } });
      const receivedAt = Date.now();
      const body = (await res.json()) as { serverTime?: unknown };
      if (typeof body.serverTime === 'string') {
        clockOffsetMs = measureOffset(body.serverTime, sentAt, receivedAt);
      }
    } catch {
      clockOffsetMs = null;
    }
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
    syncing: tx('正在同步案件…', 'Syncing cases…'),
    history: tx('正在下载用人单位历史…', 'Downloading employer history…'),
    files: tx('正在下载附件…', 'Downloading attachments…'),
    checking: tx('正在检查…', 'Checking…'),
    done: '',
  };

  return (
    <section aria-labelledby="trip-title">
      <h2 id="trip-title">{tx('出发准备', 'Prepare trip')}</h2>
      {!plan && (
        <p>
          {tx('还没有走访计划。', 'No visit plan yet. ')}
          <Link href="/inspector">{tx('先制定计划', 'Make a plan first')}</Link>
        </p>
      )}
      {plan && (
        <>
          <p>
            {tx(
              `计划 ${plan.weekOf} 周：${plan.visits.length} 次走访，${plan.caseIds.length} 件案件`,
              `Week of ${plan.weekOf}: ${plan.visits.length} visit(s), ${plan.caseIds.length} case(s)`,
            )}
          </p>
          <button
            type="button"
            className="btn primary"
            disabled={phase !== 'idle' && phase !== 'done'}
            onClick={() => void prepare()}
          >
            {tx('下载并检查', 'Download and check')}
          </button>
          {phaseText[phase] && <p role="status">{phaseText[phase]}</p>}
        </>
      )}
      {items && (
        <div className="card" data-testid="trip-check">
          <h3>
            {readyToLeave(items)
              ? tx('可以出发：离线所需已全部就绪', 'Ready to go: everything needed offline is here')
              : tx('尚未就绪：', 'Not ready yet:')}
          </h3>
          <ul className="check-list">
            {items.map((i) => (
              <li key={i.key} className={i.ok ? 'ok' : 'bad'} data-check={i.key}>
                {lang === 'zh' ? i.zh : i.en}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
