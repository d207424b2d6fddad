import type { CaseListAnswer } from '@anxin/shared';
import { CASE_OUTCOME_LABELS, formatFen, STATUS_LABELS, totalOwedFen } from '@anxin/shared';
import { useState } from 'react';
import { Link } from 'wouter';
import { useWorkspace } from '../app/services';
import { useLang } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { townName } from '../i18n/towns';
import { errorText, useSendNow, useServerRead, useTx } from './common';

/**
 * Resolved (and transferred) cases waiting for review: approve → closed; return with a
 * comment → the officer sees it on the case after the next sync and must act.
 */
export function ReviewQueue() {
  const tx = useTx();
  const lang = useLang();
  const ws = useWorkspace();
  const sendNow = useSendNow();
  const list = useServerRead<CaseListAnswer>(
    '/api/cases?status=resolved,transferred&sort=updatedAt&limit=200',
  );
  const [comments, setComments] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const review = async (id: string, decision: 'approve' | 'return') => {
    try {
      const comment = (comments[id] ?? '').trim();
      await ws.actions.reviewCase(comment ? { id, decision, comment } : { id, decision });
      setMessage(
        decision === 'approve'
          ? tx('已审核通过，正在发送', 'Approved, sending')
          : tx('已退回，正在发送', 'Returned, sending'),
      );
      sendNow(list.reload);
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">
        {tx('待审核案件', 'Awaiting review')} ({list.data?.total ?? 0})
      </h2>
      {message && (
        <p role="status" className="hint">
          {message}
        </p>
      )}
      {list.error && <p className="warn">{list.error}</p>}
      {items.length === 0 && list.data && <p>{tx('没有待审核的案件', 'Nothing to review')}</p>}
      <table className="office-table">
        <thead>
          <tr>
            <th>{tx('案件', 'Case')}</th>
            <th>{tx('用人单位', 'Employer')}</th>
            <th>{tx('结果', 'Outcome')}</th>
            <th className="num">{tx('欠薪 / 追回', 'Owed / recovered')}</th>
            <th>{tx('审核', 'Review')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-testid="review-row">
              <td>
                <Link href={`/cases/${c.id}`}>{c.caseNo ?? c.id}</Link>
                <div className="hint">
                  {townName(c.townId, lang)} · {STATUS_LABELS[c.status][lang]} ·{' '}
                  {formatDateTime(c.resolvedAt ?? c.updatedAt, lang)}
                </div>
              </td>
              <td>{c.employer.name}</td>
              <td>{c.outcome ? CASE_OUTCOME_LABELS[c.outcome][lang] : '—'}</td>
              <td className="num">
                {formatFen(totalOwedFen(c))} / {formatFen(c.recoveredFen)}
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`review-comment-${c.id}`}>
                  {tx('审核意见', 'Review comment')}
                </label>
                <textarea
                  id={`review-comment-${c.id}`}
                  rows={2}
                  placeholder={tx('退回时必须填写意见', 'A comment is required to return')}
                  value={comments[c.id] ?? ''}
                  onChange={(e) => setComments({ ...comments, [c.id]: e.target.value })}
                />
                <div>
                  <button
                    type="button"
                    className="btn small primary"
                    onClick={() => void review(c.id, 'approve')}
                  >
                    {tx('通过并结案', 'Approve and close')}
                  </button>{' '}
                  {c.status === 'resolved' && (
                    <button
                      type="button"
                      className="btn small danger"
                      disabled={(comments[c.id] ?? '').trim() === ''}
                      onClick={() => void review(c.id, 'return')}
                    >
                      {tx('退回', 'Return')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
