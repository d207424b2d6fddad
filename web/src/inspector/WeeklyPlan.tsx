import type { CandidatesAnswer, PlansAnswer, VisitPlan } from '@anxin/shared';
import { chinaDate, joinList, mondayOf, VISIT_REASON_LABELS } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { errorText } from '../app/errors';
import { useServerNow } from '../app/hooks';
import { useOfficeActions, useSendNow } from '../app/office-actions';
import { useServerRead } from '../app/server-reads';
import { useDb, useWorkspace } from '../app/services';
import { newId } from '../data/db';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { townName } from '../i18n/towns';
import { loadPlanCopy, savePlanCopy } from './trip-store';

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The inspector's week: which of their towns on which day, and the cases to look at there
 * (overdue, hard, or flagged "需协助"). Saved as one visit.plan mutation; a copy stays on the
 * device for the trip.
 */
export function WeeklyPlan() {
  const { t } = useWorkspaceTexts('inspector');
  const lang = useLang();
  const db = useDb();
  const ws = useWorkspace();
  const office = useOfficeActions();
  const sendNow = useSendNow();
  const now = useServerNow();
  const [weekOf, setWeekOf] = useState(() => mondayOf(chinaDate(now)));
  const plans = useServerRead<PlansAnswer>(`/api/visits/plans?weekOf=${weekOf}`);
  const candidates = useServerRead<CandidatesAnswer>('/api/visits/candidates');
  const offlineCopy = useLiveQuery(() => loadPlanCopy(db), [db]);
  const serverPlan = plans.data?.plans[0] ?? null;
  const plan: VisitPlan | null =
    serverPlan ?? (offlineCopy && offlineCopy.weekOf === weekOf ? offlineCopy : null);
  const [days, setDays] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<Set<string>>(new Set());
  // Said beside the save button, where the inspector is looking, not at the top of the page.
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (serverPlan) void savePlanCopy(db, serverPlan);
  }, [db, serverPlan]);
  useEffect(() => {
    const d: Record<string, string> = {};
    for (const v of plan?.visits ?? []) d[v.townId] = v.date;
    setDays(d);
    setPicked(new Set(plan?.caseIds ?? []));
  }, [plan]);

  const plannedCases = useLiveQuery(
    async () => (plan ? (await db.cases.bulkGet(plan.caseIds)).filter((c) => c !== undefined) : []),
    [db, plan],
  );
  const weekDays = useMemo(() => [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(weekOf, n)), [weekOf]);

  const save = async () => {
    const visits = Object.entries(days)
      .filter(([, date]) => date !== '')
      .map(([townId, date]) => ({ townId, date }));
    const towns = new Set(visits.map((v) => v.townId));
    const caseIds = (candidates.data?.items ?? [])
      .filter((i) => picked.has(i.case.id) && towns.has(i.case.townId))
      .map((i) => i.case.id);
    try {
      await office.saveVisitPlan({ id: plan?.id ?? newId(), weekOf, visits, caseIds });
      setMessage({ kind: 'ok', text: t('plan.saved') });
      sendNow(plans.reload);
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, lang) });
    }
  };
  // A change after saving makes "saved" untrue: the notice goes until the next save.
  const edit = (apply: () => void) => {
    apply();
    setMessage(null);
  };

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{t('plan.title')}</h2>
      <div className="office-toolbar">
        <button type="button" className="btn small" onClick={() => setWeekOf(addDays(weekOf, -7))}>
          {t('plan.previousWeek')}
        </button>
        <strong>
          {weekOf} – {addDays(weekOf, 6)}
        </strong>
        <button type="button" className="btn small" onClick={() => setWeekOf(addDays(weekOf, 7))}>
          {t('plan.nextWeek')}
        </button>
        {plan && (
          <Link href="/inspector/trip" className="btn primary">
            {t('plan.prepareTrip')}
          </Link>
        )}
      </div>
      {plans.error && (
        <p className="warn">
          {plans.error}
          {offlineCopy ? t('plan.showingCopy') : ''}
        </p>
      )}
      {plan && (
        <div className="card" data-testid="current-plan">
          <h3>{t('plan.current')}</h3>
          <ul>
            {plan.visits.map((v) => (
              <li key={`${v.townId}-${v.date}`}>
                {v.date} · {townName(v.townId, lang)}
              </li>
            ))}
          </ul>
          <h4>{t('plan.plannedCases', { count: plan.caseIds.length })}</h4>
          <ul>
            {(plannedCases ?? []).map((c) => (
              <li key={c.id}>
                <Link href={`/inspector/cases/${c.id}`}>
                  {c.caseNo ?? c.id} · {c.employer.name} · {townName(c.townId, lang)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <h3>{t('plan.edit')}</h3>
        {ws.user.townIds.map((townId) => (
          <label key={townId} className="field">
            <span>{townName(townId, lang)}</span>
            <select
              value={days[townId] ?? ''}
              onChange={(e) => edit(() => setDays({ ...days, [townId]: e.target.value }))}
            >
              <option value="">{t('plan.notThisWeek')}</option>
              {weekDays.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        ))}
        <h4>{t('plan.candidates')}</h4>
        {candidates.error && <p className="warn">{candidates.error}</p>}
        <ul className="check-list">
          {(candidates.data?.items ?? []).map((i) => {
            const boxId = `plan-pick-${i.case.id}`;
            const noDay = !days[i.case.townId];
            return (
              <li key={i.case.id}>
                <input
                  id={boxId}
                  type="checkbox"
                  checked={picked.has(i.case.id)}
                  disabled={noDay}
                  aria-describedby={noDay ? `${boxId}-why` : undefined}
                  onChange={(e) => {
                    const next = new Set(picked);
                    if (e.target.checked) next.add(i.case.id);
                    else next.delete(i.case.id);
                    edit(() => setPicked(next));
                  }}
                />{' '}
                <label htmlFor={boxId}>
                  {i.case.caseNo ?? i.case.id} · {i.case.employer.name} ·{' '}
                  {townName(i.case.townId, lang)} ·{' '}
                  {joinList(
                    i.reasons.map((r) => VISIT_REASON_LABELS[r][lang]),
                    lang,
                  )}
                </label>
                {noDay && (
                  // Why the box cannot be ticked yet: a case is planned for its town's day.
                  <span className="hint plan-pick-why" id={`${boxId}-why`}>
                    {t('plan.pickDayFirst', { town: townName(i.case.townId, lang) })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        <div className="save-row">
          <button
            type="button"
            className="btn primary"
            disabled={Object.values(days).every((d) => d === '')}
            onClick={() => void save()}
          >
            {t('plan.save')}
          </button>
          <p
            role="status"
            className={`save-note${message ? ` ${message.kind}` : ''}`}
            data-testid="plan-save-status"
          >
            {message?.text}
          </p>
        </div>
      </div>
    </section>
  );
}
