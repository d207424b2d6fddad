import { formatFen } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'wouter';
import { useServerNow } from '../app/hooks';
import { useDb } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { StageBadge } from '../components/StageBadge';
import { loadToday } from '../data/instalments';
import { useLang, useTranslation } from '../i18n';
import { formatDateTime } from '../i18n/format';

/**
 * 今日: what the officer must do today and by the next working day, read from this device
 * alone (offline all day long) at the server's clock — deadlines of the 1-3-7 clock and the
 * instalments of agreements nobody has checked yet. The rule is shared/src/domain/today.ts.
 */
export function Today() {
  const { t } = useTranslation();
  const lang = useLang();
  const db = useDb();
  // A minute is enough: the list changes by the day and by the deadline, never by the second.
  const now = useServerNow(60_000);
  const list = useLiveQuery(() => loadToday(db, now), [db, now]);

  return (
    <AppFrame title={t('today.title')}>
      {list === undefined ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <p className="hint" data-testid="today-as-of">
            {t('today.asOf', { today: list.today, horizon: list.horizon })}
          </p>
          {list.cases.length === 0 && list.instalments.length === 0 && (
            <p data-testid="today-nothing">{t('today.nothing')}</p>
          )}
          <section aria-labelledby="today-cases" className="today-section">
            <h2 id="today-cases">
              {t('today.casesTitle')} ({list.cases.length})
            </h2>
            {list.cases.length === 0 ? (
              <p className="hint">{t('today.noCases')}</p>
            ) : (
              <ul className="plain-list">
                {list.cases.map((item) => (
                  <li key={item.case.id}>
                    <Link
                      href={`/cases/${item.case.id}`}
                      className="case-item"
                      data-testid="today-case"
                      data-reason={item.reason}
                    >
                      <div className="top">
                        <span className="employer">{item.case.employer.name}</span>
                        <span className={`badge reason-${item.reason}`}>
                          {t(`today.reason.${item.reason}`)}
                        </span>
                      </div>
                      <div className="meta">
                        {item.case.caseNo ? `${item.case.caseNo} · ` : ''}
                        {t('today.deadline', { time: formatDateTime(item.deadline, lang) })}
                      </div>
                      <div className="badges">
                        <StageBadge clock={item.clock} nowMs={now} />
                      </div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="today-instalments" className="today-section">
            <h2 id="today-instalments">
              {t('today.instalmentsTitle')} ({list.instalments.length})
            </h2>
            {list.instalments.length === 0 ? (
              <p className="hint">{t('today.noInstalments')}</p>
            ) : (
              <ul className="plain-list">
                {list.instalments.map((i) => (
                  <li key={`${i.mediationId}:${i.dueDate}`}>
                    <Link
                      href={`/cases/${i.case.id}#instalments`}
                      className="case-item"
                      data-testid="today-instalment"
                    >
                      <div className="top">
                        <span className="employer">{i.case.employer.name}</span>
                        {i.late && <span className="badge overdue">{t('today.late')}</span>}
                      </div>
                      <div className="meta">
                        {i.case.caseNo ? `${i.case.caseNo} · ` : ''}
                        {t('today.instalmentDue', {
                          date: i.dueDate,
                          amount: formatFen(i.amountFen),
                        })}
                      </div>
                      <div className="meta link-like">{t('today.record')}</div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </AppFrame>
  );
}
