import type {
  AttachmentMeta,
  Case,
  CaseEvent,
  CaseListAnswer,
  CaseListItem,
  Mediation,
} from '@anxin/shared';
import {
  APPROVAL_UNDO_MS,
  CASE_OUTCOME_LABELS,
  formatFen,
  joinClauses,
  REVIEW_QUEUE_STATUSES,
  SIGNER_ROLES,
  STATUS_LABELS,
  totalOwedFen,
} from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'wouter';
import { useServerNow } from '../app/hooks';
import { ConfirmDialog } from '../app/kit';
import { useServerRead } from '../app/server-reads';
import { useDb, useWorkspace } from '../app/services';
import { useWriteNotice } from '../app/write-notice';
import { AttachmentImage } from '../components/BlobImage';
import { ProjectLine } from '../components/ProjectLine';
import { useLang } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { townName } from '../i18n/towns';

/** GET /api/cases/:id as this screen reads it (the evidence beside the decision). */
interface CaseFile {
  case: Case;
  mediations: Mediation[];
  attachments: Array<AttachmentMeta & { createdAt?: string }>;
  serverTime: string;
}

const UNDO_MINUTES = Math.round(APPROVAL_UNDO_MS / 60_000);

/**
 * Resolved (and transferred) cases waiting for review, as a master list and the case's
 * file beside it: the agreement (parties, amounts, number, instalments), the signatures and
 * photos, owed against recovered, and any earlier return. Approving asks to confirm and can
 * be undone for APPROVAL_UNDO_MS (the server's clock decides); returning needs a comment,
 * which the officer sees on the case after the next sync. Every decision's notice follows
 * it to the server (app/write-notice.tsx).
 */
export function ReviewQueue() {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const ws = useWorkspace();
  const notice = useWriteNotice();
  const list = useServerRead<CaseListAnswer>(
    `/api/cases?status=${REVIEW_QUEUE_STATUSES.join(',')}&sort=updatedAt&limit=200`,
  );
  const items = list.data?.items ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [confirming, setConfirming] = useState<CaseListItem | null>(null);
  const [undoable, setUndoable] = useState<{ id: string; caseNo: string } | null>(null);
  const selected = items.find((c) => c.id === selectedId) ?? items[0] ?? null;

  const select = (id: string) => {
    setSelectedId(id);
    setComment('');
  };

  const decide = async (c: CaseListItem, decision: 'approve' | 'return') => {
    const caseNo = c.caseNo ?? c.id;
    const text = comment.trim();
    const wrote = await notice.send(async () => {
      await ws.actions.reviewCase(
        text ? { id: c.id, decision, comment: text } : { id: c.id, decision },
      );
      return decision === 'approve'
        ? t('review.approved', { caseNo })
        : t('review.returned', { caseNo });
    }, list.reload);
    if (!wrote) return;
    setComment('');
    setSelectedId(null);
    // A confirmed transfer is not an approval to take back (shared/src/mutators/case.ts).
    setUndoable(decision === 'approve' && c.status === 'resolved' ? { id: c.id, caseNo } : null);
  };

  const undo = async (u: { id: string; caseNo: string }) => {
    const wrote = await notice.send(async () => {
      await ws.actions.reviewCase({ id: u.id, decision: 'undo_approve' });
      return t('review.undone', { caseNo: u.caseNo });
    }, list.reload);
    if (!wrote) return;
    setUndoable(null);
    setSelectedId(u.id);
  };

  return (
    <section aria-labelledby="review-title" className="review">
      <h2 id="review-title">
        {t('review.title')} ({list.data?.total ?? 0})
      </h2>
      <div className="review-notice">
        {notice.element}
        {undoable && <UndoOffer caseId={undoable.id} onUndo={() => void undo(undoable)} />}
      </div>
      {list.error && <p className="warn">{list.error}</p>}
      {items.length === 0 && list.data && <p>{t('review.empty')}</p>}
      {items.length > 0 && (
        <div className="review-layout">
          <div className="review-list">
            <table className="office-table" aria-label={t('review.listLabel')}>
              <thead>
                <tr>
                  <th>{t('review.case')}</th>
                  <th>{t('review.employer')}</th>
                  <th className="num">{t('review.owedRecovered')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr
                    key={c.id}
                    data-testid="review-row"
                    className={c.id === selected?.id ? 'review-current' : undefined}
                  >
                    <td>
                      <button
                        type="button"
                        className="review-pick"
                        aria-pressed={c.id === selected?.id}
                        onClick={() => select(c.id)}
                      >
                        {c.caseNo ?? c.id}
                      </button>
                      <div className="hint">
                        {townName(c.townId, lang)} · {STATUS_LABELS[c.status][lang]} ·{' '}
                        {formatDateTime(c.resolvedAt ?? c.updatedAt, lang)}
                      </div>
                    </td>
                    <td>{c.employer.name}</td>
                    <td className="num">
                      {formatFen(totalOwedFen(c))} / {formatFen(c.recoveredFen)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected ? (
            <div className="review-detail" data-testid="review-detail">
              <h3>
                <Link href={`/cases/${selected.id}`}>{selected.caseNo ?? selected.id}</Link> ·{' '}
                {selected.employer.name}
              </h3>
              <ProjectLine case={selected} className="hint" />
              <CaseEvidence item={selected} />
              <div className="review-actions">
                <label htmlFor="review-comment">{t('review.comment')}</label>
                <textarea
                  id="review-comment"
                  rows={2}
                  placeholder={t('review.commentHint')}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                />
                <div className="review-buttons">
                  <button
                    type="button"
                    className="btn primary"
                    onClick={() => setConfirming(selected)}
                  >
                    {selected.status === 'transferred'
                      ? t('review.confirmTransfer')
                      : t('review.approve')}
                  </button>
                  {selected.status === 'resolved' && (
                    <button
                      type="button"
                      className="btn danger"
                      disabled={comment.trim() === ''}
                      onClick={() => void decide(selected, 'return')}
                    >
                      {t('review.return')}
                    </button>
                  )}
                </div>
              </div>
            </div>
          ) : (
            <p className="review-detail hint">{t('review.pick')}</p>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          testId="review-confirm"
          title={
            confirming.status === 'transferred'
              ? t('review.confirmTransferTitle')
              : t('review.confirmTitle')
          }
          message={t(
            confirming.status === 'transferred'
              ? 'review.confirmTransferMessage'
              : 'review.confirmMessage',
            {
              caseNo: confirming.caseNo ?? confirming.id,
              employer: confirming.employer.name,
              minutes: UNDO_MINUTES,
            },
          )}
          confirmLabel={
            confirming.status === 'transferred' ? t('review.confirmTransfer') : t('review.approve')
          }
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const c = confirming;
            setConfirming(null);
            void decide(c, 'approve');
          }}
        />
      )}
    </section>
  );
}

/**
 * "Undo" while the approval may still be taken back: from the case's closing time on this
 * device (the server's once it has answered) for APPROVAL_UNDO_MS by the corrected clock.
 * The server judges the undo by its own clock; this only stops offering it once it is late.
 */
function UndoOffer(props: { caseId: string; onUndo: () => void }) {
  const { t } = useWorkspaceTexts('office');
  const db = useDb();
  const now = useServerNow(5_000);
  const row = useLiveQuery(() => db.cases.get(props.caseId), [db, props.caseId]);
  if (row?.status !== 'closed' || !row.closedAt) return null;
  const left = Date.parse(row.closedAt) + APPROVAL_UNDO_MS - now;
  if (left <= 0) return null;
  return (
    <p className="review-undo">
      <button type="button" className="btn small" onClick={props.onUndo}>
        {t('review.undo')}
      </button>{' '}
      <span className="hint">
        {t('review.undoLeft', { minutes: Math.max(1, Math.ceil(left / 60_000)) })}
      </span>
    </p>
  );
}

/** What the decision rests on, read from the server: the case file and its history. */
function CaseEvidence(props: { item: CaseListItem }) {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const { item } = props;
  const file = useServerRead<CaseFile>(`/api/cases/${item.id}`);
  const history = useServerRead<{ events: CaseEvent[] }>(`/api/cases/${item.id}/events`);
  const c = file.data?.case.id === item.id ? file.data.case : item;
  const owed = totalOwedFen(c);
  const returns = (history.data?.events ?? []).filter(
    (e) =>
      e.caseId === item.id &&
      e.name === 'case.review' &&
      e.changes.some((ch) => ch.field === 'status' && ch.to === 'returned'),
  );
  const mediations = (file.data?.case.id === item.id ? file.data.mediations : []).filter(
    (m, _i, all) => !all.some((o) => o.supersedesId === m.id),
  );
  const inMediations = new Set(
    mediations.flatMap((m) => [
      ...m.photoHashes,
      ...SIGNER_ROLES.map((r) => m.signatures[r]).filter(Boolean),
    ]),
  );
  const otherPhotos = (file.data?.case.id === item.id ? file.data.attachments : []).filter(
    (a) => a.kind === 'photo' && !inMediations.has(a.sha256),
  );
  return (
    <section className="review-evidence" aria-label={t('review.evidence')}>
      {returns.map((e) => (
        <p key={e.id} className="notice warn review-earlier" data-testid="review-earlier">
          {t('review.earlierReturn', {
            comment: e.comment ?? '',
            date: formatDateTime(e.at, lang),
          })}
        </p>
      ))}
      <h4>{t('review.amounts')}</h4>
      <dl className="review-facts">
        <dt>{t('review.outcome')}</dt>
        <dd>{c.outcome ? CASE_OUTCOME_LABELS[c.outcome][lang] : '—'}</dd>
        <dt>{t('review.owed')}</dt>
        <dd className="num">{formatFen(owed)}</dd>
        <dt>{t('review.recovered')}</dt>
        <dd className="num">{formatFen(c.recoveredFen)}</dd>
        <dt>{t('review.gap')}</dt>
        <dd className="num">{formatFen(owed - c.recoveredFen)}</dd>
        <dt>{t('review.resolvedAt')}</dt>
        <dd>{c.resolvedAt ? formatDateTime(c.resolvedAt, lang) : '—'}</dd>
      </dl>
      {file.error && <p className="warn">{file.error}</p>}
      {!file.data && !file.error && <p role="status">{t('review.detailLoading')}</p>}
      {file.data && (
        <>
          <h4>{t('review.agreement')}</h4>
          {mediations.length === 0 && <p className="hint">{t('review.noMediation')}</p>}
          {mediations.map((m) => (
            <MediationEvidence key={m.id} m={m} />
          ))}
          {otherPhotos.length > 0 && (
            <>
              <h4>{t('review.photos')}</h4>
              <div className="review-photos">
                {otherPhotos.map((a, i) => (
                  <AttachmentImage
                    key={a.sha256}
                    sha256={a.sha256}
                    alt={t('review.photo', { n: i + 1 })}
                  />
                ))}
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}

function MediationEvidence(props: { m: Mediation }) {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const { m } = props;
  const parties =
    m.parties ?? m.attendees.filter((a) => a.role === 'worker' || a.role === 'employer');
  return (
    <div className="review-mediation" data-testid="review-mediation">
      <dl className="review-facts">
        <dt>{t('review.agreementNo')}</dt>
        <dd>{m.agreementNo ?? t('review.noNumber')}</dd>
        <dt>{t('review.heldAt')}</dt>
        <dd>
          {formatDateTime(m.heldAt, lang)} · {m.place}
        </dd>
        <dt>{t('review.parties')}</dt>
        <dd>
          {joinClauses(
            parties.map((p) =>
              t('review.party', { who: t(`review.signer.${p.role}`), name: p.name }),
            ),
            lang,
          )}
        </dd>
        <dt>{t('review.agreed')}</dt>
        <dd className="num">{formatFen(m.amountAgreedFen)}</dd>
        <dt>{t('review.paidOnSite')}</dt>
        <dd className="num">{formatFen(m.amountPaidOnSiteFen)}</dd>
        <dt>{t('review.instalments')}</dt>
        <dd>
          {m.instalments.length === 0 ? (
            t('review.lumpSum')
          ) : (
            <ul className="review-instalments">
              {m.instalments.map((i) => (
                <li key={i.dueDate}>
                  {t('review.instalment', {
                    date: formatDate(i.dueDate, lang),
                    amount: formatFen(i.amountFen),
                  })}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <p>
        <Link href={`/mediations/${m.id}/agreement`}>{t('review.openAgreement')}</Link>
      </p>
      <h4>{t('review.signatures')}</h4>
      <div className="review-signatures">
        {SIGNER_ROLES.map((role) => {
          const who = t(`review.signer.${role}`);
          const sha = m.signatures[role];
          return (
            <figure key={role} className="review-signature">
              {sha ? (
                <AttachmentImage sha256={sha} alt={t('review.signatureOf', { who })} />
              ) : (
                <span className="hint">{t('review.unsigned')}</span>
              )}
              <figcaption>{who}</figcaption>
            </figure>
          );
        })}
      </div>
      <h4>{t('review.photos')}</h4>
      {m.photoHashes.length === 0 ? (
        <p className="hint">{t('review.noPhotos')}</p>
      ) : (
        <div className="review-photos">
          {m.photoHashes.map((sha, i) => (
            <AttachmentImage key={sha} sha256={sha} alt={t('review.photo', { n: i + 1 })} />
          ))}
        </div>
      )}
    </div>
  );
}
