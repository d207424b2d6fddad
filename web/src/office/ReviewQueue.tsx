import type { CaseListAnswer } from '@anxin/shared';
import { CASE_OUTCOME_LABELS, formatFen, STATUS_LABELS, totalOwedFen } from '@anxin/shared';
import { useState } from 'react';
import { Link } from 'wouter';
import { errorText } from '../app/errors';
import { useSendNow } from '../app/office-actions';
import { useServerRead } from '../app/server-reads';
import { useWorkspace } from '../app/services';
import { useLang } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { townName } from '../i18n/towns';

/**
 * Resolved (and transferred) cases waiting for review: approve → closed; return with a
 * comment → the officer sees it on the case after the next sync and must act.
 */
export function ReviewQueue() {
  const { t } = useWorkspaceTexts('office');
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
      setMessage(decision === 'approve' ? t('review.approved') : t('review.returned'));
      sendNow(list.reload);
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">
        {t('review.title')} ({list.data?.total ?? 0})
      </h2>
      {message && (
        <p role="status" className="hint">
          {message}
        </p>
      )}
      {list.error && <p className="warn">{list.error}</p>}
      {items.length === 0 && list.data && <p>{t('review.empty')}</p>}
      <table className="office-table">
        <thead>
          <tr>
            <th>{t('review.case')}</th>
            <th>{t('review.employer')}</th>
            <th>{t('review.outcome')}</th>
            <th className="num">{t('review.owedRecovered')}</th>
            <th>{t('review.review')}</th>
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
                  {t('review.comment')}
                </label>
                <textarea
                  id={`review-comment-${c.id}`}
                  rows={2}
                  placeholder={t('review.commentHint')}
                  value={comments[c.id] ?? ''}
                  onChange={(e) => setComments({ ...comments, [c.id]: e.target.value })}
                />
                <div>
                  <button
                    type="button"
                    className="btn small primary"
                    onClick={() => void review(c.id, 'approve')}
                  >
                    {t('review.approve')}
                  </button>{' '}
                  {c.status === 'resolved' && (
                    <button
                      type="button"
                      className="btn small danger"
                      disabled={(comments[c.id] ?? '').trim() === ''}
                      onClick={() => void review(c.id, 'return')}
                    >
                      {t('review.return')}
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
