import type { ClaimsAnswer } from '@anxin/shared';
import { chinaDate, formatFen, INSURANCE_STATUS_LABELS } from '@anxin/shared';
import { useState } from 'react';
import { Link } from 'wouter';
import { useLang } from '../i18n';
import { townName } from '../i18n/towns';
import { errorText, useOfficeActions, useSendNow, useServerRead, useTx } from './common';

/**
 * Insurance advance claims (工资保障险先行垫付): approve with the claim agreement's date (the
 * insurer's due date follows: +3 working days), record the day the insurer paid. Late
 * claims stand out.
 */
export function InsuranceClaims() {
  const tx = useTx();
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
      <h2 id="claims-title">{tx('保险垫付申请', 'Insurance advance claims')}</h2>
      {message && (
        <p role="status" className="hint">
          {message}
        </p>
      )}
      {list.error && <p className="warn">{list.error}</p>}
      {list.data && list.data.claims.length === 0 && <p>{tx('暂无申请', 'No claims')}</p>}
      <table className="office-table">
        <thead>
          <tr>
            <th>{tx('案件', 'Case')}</th>
            <th className="num">{tx('金额', 'Amount')}</th>
            <th>{tx('状态', 'Status')}</th>
            <th>{tx('协议日期 / 应付日期 / 赔付日期', 'Agreement / due / paid')}</th>
            <th>{tx('操作', 'Action')}</th>
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
                {c.late && <div className="office-late">{tx('已逾期', 'Late')}</div>}
              </td>
              <td>
                {c.agreementDate ?? '—'} / {c.dueDate ?? '—'} / {c.paidDate ?? '—'}
              </td>
              <td>
                {c.status !== 'paid' && (
                  <>
                    <label>
                      <span className="visually-hidden">
                        {c.status === 'started'
                          ? tx('协议签订日期', 'Agreement date')
                          : tx('赔付日期', 'Paid date')}
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
                              tx('已审批', 'Approved'),
                            )
                          : run(
                              () =>
                                office.recordInsurancePaid({ id: c.id, paidDate: date }, c.caseId),
                              tx('已登记赔付', 'Payment recorded'),
                            ));
                      }}
                    >
                      {c.status === 'started'
                        ? tx('审批', 'Approve')
                        : tx('登记赔付', 'Record payment')}
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
