import type { ClaimsAnswer } from '@anxin/shared';
import { chinaDate, formatFen, INSURANCE_STATUS_LABELS } from '@anxin/shared';
import { useState } from 'react';
import { Link } from 'wouter';
import { errorText } from '../app/errors';
import { useOfficeActions, useSendNow } from '../app/office-actions';
import { useServerRead } from '../app/server-reads';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { townName } from '../i18n/towns';

/**
 * Insurance advance claims (工资保障险先行垫付): approve with the claim agreement's date (the
 * insurer's due date follows: +3 working days), record the day the insurer paid. Late
 * claims stand out.
 */
export function InsuranceClaims() {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const office = useOfficeActions();
  const sendNow = useSendNow();
  const list = useServerRead<ClaimsAnswer>('/api/insurance/claims');
  const today = list.data?.today ?? chinaDate(Date.now());
  const [dates, setDates] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>, done: string) => {
    try {
      await fn();
      setMessage(done);
      sendNow(list.reload);
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  return (
    <section aria-labelledby="claims-title">
      <h2 id="claims-title">{t('claims.title')}</h2>
      {message && (
        <p role="status" className="hint">
          {message}
        </p>
      )}
      {list.error && <p className="warn">{list.error}</p>}
      {list.data && list.data.claims.length === 0 && <p>{t('claims.empty')}</p>}
      <table className="office-table">
        <thead>
          <tr>
            <th>{t('claims.case')}</th>
            <th className="num">{t('claims.amount')}</th>
            <th>{t('claims.status')}</th>
            <th>{t('claims.dates')}</th>
            <th>{t('claims.action')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.claims ?? []).map((c) => (
            <tr key={c.id} data-testid="claim-row">
              <td>
                <Link href={`/cases/${c.caseId}`}>{c.caseId}</Link>
                <div className="hint">{townName(c.townId, lang)}</div>
              </td>
              <td className="num">{formatFen(c.amountFen)}</td>
              <td>
                {INSURANCE_STATUS_LABELS[c.status][lang]}
                {c.late && <div className="office-late">{t('claims.late')}</div>}
              </td>
              <td>
                {c.agreementDate ?? '—'} / {c.dueDate ?? '—'} / {c.paidDate ?? '—'}
              </td>
              <td>
                {c.status !== 'paid' && (
                  <>
                    <label>
                      <span className="visually-hidden">
                        {c.status === 'started' ? t('claims.agreementDate') : t('claims.paidDate')}
                      </span>
                      <input
                        type="date"
                        max={today}
                        value={dates[c.id] ?? today}
                        onChange={(e) => setDates({ ...dates, [c.id]: e.target.value })}
                      />
                    </label>{' '}
                    <button
                      type="button"
                      className="btn small primary"
                      onClick={() => {
                        const date = dates[c.id] ?? today;
                        // Approving sets the agreement date; after that the next step is payment.
                        void (c.status === 'started'
                          ? run(
                              () =>
                                office.approveInsuranceClaim(
                                  { id: c.id, agreementDate: date },
                                  c.caseId,
                                ),
                              t('claims.approved'),
                            )
                          : run(
                              () =>
                                office.recordInsurancePaid({ id: c.id, paidDate: date }, c.caseId),
                              t('claims.paidRecorded'),
                            ));
                      }}
                    >
                      {c.status === 'started' ? t('claims.approve') : t('claims.recordPaid')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
