import {
  allowedTransitions,
  amountOverOwedProblem,
  CASE_OUTCOMES,
  CASE_SECTOR_LABELS,
  type CaseOutcome,
  type CaseStatus,
  type CaseTransitionArgs,
  editBlocked,
  formatFen,
  isAgreementFrozen,
  mediationBlocked,
  type NextStep,
  nextStep,
  t as sharedText,
  TEXT_LIMITS,
  type TransitionRule,
  totalOwedFen,
  yuanTextToFen,
} from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'wouter';
import { errorFields, errorMessage } from '../app/errors';
import { stageOf, useServerNow, useStatusLabel } from '../app/hooks';
import { useDb, useWorkspace } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { AttachmentImage, BlobImage } from '../components/BlobImage';
import { Notice, SelectField, TextArea, TextField } from '../components/Field';
import { InstalmentsSection } from '../components/InstalmentsSection';
import { MoneyField, yuanError } from '../components/MoneyField';
import { PhotoInput } from '../components/PhotoInput';
import { StageBadge } from '../components/StageBadge';
import { UnacceptedChanges } from '../components/UnacceptedChanges';
import type { LocalCase } from '../data/types';
import { useLang, useTranslation } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';
import { townName } from '../i18n/towns';
import { CaseTimeline } from './CaseTimeline';

// Office workspace code: only a case waiting for an insurance advance loads it.
const StartInsuranceClaim = lazy(() =>
  import('../office/StartInsuranceClaim').then((m) => ({ default: m.StartInsuranceClaim })),
);

/** 330102********1234: enough to match a person, not enough to misuse on a lost phone. */
function maskId(id: string): string {
  return id.length < 10 ? '*'.repeat(id.length) : `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** The card of one status move; `open` is the page's, so the sticky next step can open it. */
function ActionForm(props: {
  c: LocalCase;
  rule: TransitionRule;
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { actions } = useWorkspace();
  const { rule, c, open, setOpen } = props;
  const [outcome, setOutcome] = useState<CaseOutcome | ''>('');
  const [recovered, setRecovered] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [comment, setComment] = useState('');
  const [target, setTarget] = useState<'arbitration' | 'enforcement' | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const needs = (r: TransitionRule['requires'][number]) => rule.requires.includes(r);
  const base = `act-${rule.to}`;
  const owed = totalOwedFen(c);
  const recoveredFen = yuanTextToFen(recovered);

  const submit = async () => {
    const args: Omit<CaseTransitionArgs, 'id'> = { to: rule.to };
    const local: Record<string, string> = {};
    if (needs('outcome') && outcome) args.outcome = outcome;
    if (needs('recoveredFen')) {
      const fen = yuanTextToFen(recovered);
      const over = fen === null ? null : amountOverOwedProblem(fen, owed, overrideReason);
      if (fen === null) local.recoveredFen = yuanError(recovered, lang) ?? t('newCase.yuanInvalid');
      else if (over) local.recoveredFen = sharedText(over, lang);
      else {
        args.recoveredFen = fen;
        if (fen > owed) args.amountOverrideReason = overrideReason.trim();
      }
    }
    if (needs('comment') && comment.trim()) args.comment = comment.trim();
    if (needs('transferTarget') && target) args.transferTarget = target;
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      await actions.transitionCase(c.id, args);
      setMessage({ kind: 'ok', text: t('caseDetail.actionDone') });
      setOpen(false);
    } catch (err) {
      setErrors(errorFields(err, lang));
      setMessage({ kind: 'error', text: errorMessage(err, lang) });
    }
  };

  return (
    <div className="card" data-testid={`action-${rule.to}`} id={`action-${rule.to}`}>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {!open ? (
        <button type="button" className="btn block" onClick={() => setOpen(true)}>
          {rule.label[lang]}
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          aria-label={rule.label[lang]}
        >
          <h3>{rule.label[lang]}</h3>
          {needs('outcome') && (
            <SelectField
              id={`${base}-outcome`}
              label={t('caseDetail.outcome')}
              required
              value={outcome}
              onChange={setOutcome}
              placeholder="—"
              options={CASE_OUTCOMES.map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
              error={errors.outcome}
            />
          )}
          {needs('recoveredFen') && (
            <MoneyField
              id={`${base}-recovered`}
              label={t('caseDetail.recoveredAmount')}
              required
              value={recovered}
              onChange={setRecovered}
              error={errors.recoveredFen}
            />
          )}
          {needs('recoveredFen') && recoveredFen !== null && recoveredFen > owed && (
            <TextField
              id={`${base}-override`}
              label={t('mediation.overrideReason')}
              value={overrideReason}
              onChange={setOverrideReason}
              hint={t('mediation.overOwedHint', { owed: formatFen(owed) })}
              error={errors.amountOverrideReason}
            />
          )}
          {needs('transferTarget') && (
            <SelectField
              id={`${base}-target`}
              label={t('caseDetail.transferTarget')}
              required
              value={target}
              onChange={setTarget}
              placeholder="—"
              options={[
                { value: 'arbitration', label: t('caseDetail.arbitration') },
                { value: 'enforcement', label: t('caseDetail.enforcement') },
              ]}
              error={errors.transferTarget}
            />
          )}
          {needs('comment') && (
            <TextArea
              id={`${base}-comment`}
              label={t('caseDetail.comment')}
              required
              value={comment}
              onChange={setComment}
              maxLength={TEXT_LIMITS.comment}
              error={errors.comment}
            />
          )}
          <div className="row">
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="btn primary">
              {t('caseDetail.doAction')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export function CaseDetail(props: { caseId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const db = useDb();
  const { user, actions } = useWorkspace();
  const now = useServerNow();
  const statusLabel = useStatusLabel();
  const [photoMsg, setPhotoMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [openMove, setOpenMove] = useState<CaseStatus | null>(null);

  const data = useLiveQuery(async () => {
    const c = await db.cases.get(props.caseId);
    if (!c) return { c: null } as const;
    const [events, mediations, photos, remoteKeys, outbox] = await Promise.all([
      db.events.where('caseId').equals(props.caseId).reverse().sortBy('at'),
      db.mediations.where('caseId').equals(props.caseId).toArray(),
      db.attachments
        .where('caseId')
        .equals(props.caseId)
        .filter((a) => a.kind === 'photo')
        .toArray(),
      db.attachmentMeta
        .where('caseId')
        .equals(props.caseId)
        .filter((a) => a.kind === 'photo')
        .toArray(),
      db.outbox.where('entityId').equals(props.caseId).toArray(),
    ]);
    mediations.sort((a, b) => b.heldAt.localeCompare(a.heldAt));
    // Photos taken on this device are shown from their blobs; others are fetched by hash.
    const local = new Set(photos.map((p) => p.sha256));
    // A link's id is `<caseId>:<sha256>`; the photo is the hash.
    const remotePhotos = [...new Set(remoteKeys.map((a) => a.sha256))].filter((h) => !local.has(h));
    return { c, events, mediations, photos, remotePhotos, outbox } as const;
  }, [db, props.caseId]);

  if (data === undefined)
    return (
      <AppFrame title={t('app.loading')} back="/">
        {null}
      </AppFrame>
    );
  if (data.c === null) {
    return (
      <AppFrame title={t('caseDetail.caseNo')} back="/">
        <Notice kind="warn">{t('caseDetail.notFound')}</Notice>
      </AppFrame>
    );
  }
  const { c, events, mediations, photos, remotePhotos, outbox } = data;
  const clock = stageOf(c, now);
  const rules = allowedTransitions(user.role, c.status, 'case.transition');
  const step = nextStep(user.role, c.status, mediations);
  const noMediation = mediationBlocked(c.status);
  const noEdit = editBlocked(c.status);
  const openStep = (to: CaseStatus) => {
    setOpenMove(to);
    // The card may be far down the page: bring its form to the thumb.
    requestAnimationFrame(() =>
      document.getElementById(`action-${to}`)?.scrollIntoView({ block: 'center' }),
    );
  };
  const superseded = new Set(mediations.map((m) => m.supersedesId).filter(Boolean));
  const visitNotes = events.filter((e) => e.name === 'visit.note').reverse();

  const addPhotos = async (files: File[]) => {
    setBusy(true);
    setPhotoMsg(null);
    try {
      for (const f of files) await actions.addAttachment(c.id, f, 'photo');
      setPhotoMsg({ kind: 'ok', text: t('caseDetail.actionDone') });
    } catch (err) {
      setPhotoMsg({ kind: 'error', text: errorMessage(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <AppFrame title={c.employer.name} back="/" actionBar>
      <section className="card" aria-labelledby="sec-summary">
        <h2 id="sec-summary">
          {t('caseDetail.caseNo')}:{' '}
          <span data-testid="case-no">{c.caseNo ?? t('caseDetail.noCaseNo')}</span>
        </h2>
        <p className="badges">
          <span className="badge status" data-testid="case-status">
            {statusLabel(c.status)}
          </span>{' '}
          {clock && <StageBadge clock={clock} nowMs={now} />}{' '}
          {c.needsAssistance && (
            <span className="badge pending">{t('caseDetail.needsAssistance')}</span>
          )}
        </p>
        {c.pendingCount > 0 && (
          <Notice kind="warn" testId="case-pending">
            {t('caseDetail.pendingChanges', { count: c.pendingCount })}
          </Notice>
        )}
        <UnacceptedChanges caseId={c.id} />
        {c.reviewComment && c.status === 'returned' && (
          <Notice kind="error">
            {t('caseDetail.reviewComment')}: {c.reviewComment}
          </Notice>
        )}
        <dl className="kv">
          <dt>{t('caseDetail.town')}</dt>
          <dd>{townName(c.townId, lang)}</dd>
          <dt>{t('caseDetail.source')}</dt>
          <dd>{t(`sources.${c.source}`)}</dd>
          <dt>{t('caseDetail.workersCount')}</dt>
          <dd>{c.workersCount}</dd>
          <dt>{t('caseDetail.totalOwed')}</dt>
          <dd data-testid="case-total-owed">{formatFen(totalOwedFen(c))}</dd>
          <dt>{t('caseDetail.recovered')}</dt>
          <dd>{formatFen(c.recoveredFen)}</dd>
          {c.outcome && (
            <>
              <dt>{t('caseDetail.outcome')}</dt>
              <dd>{t(`outcomes.${c.outcome}`)}</dd>
            </>
          )}
        </dl>
        {c.description && (
          <>
            <h3>{t('caseDetail.description')}</h3>
            <p data-testid="case-description" style={{ whiteSpace: 'pre-wrap' }}>
              {c.description}
            </p>
          </>
        )}
      </section>

      {clock && (
        <section className="card" aria-labelledby="sec-deadlines">
          <h2 id="sec-deadlines">{t('caseDetail.deadlines')}</h2>
          <dl className="kv">
            <dt>{t('caseDetail.firstActionDue')}</dt>
            <dd>{formatDateTime(clock.firstActionDeadline, lang)}</dd>
            <dt>{t('caseDetail.warningAt')}</dt>
            <dd>{formatDateTime(clock.warningAt, lang)}</dd>
            <dt>{t('caseDetail.resolveDue')}</dt>
            <dd>{formatDateTime(clock.resolveDeadline, lang)}</dd>
          </dl>
        </section>
      )}

      <section className="card" aria-labelledby="sec-employer">
        <h2 id="sec-employer">{t('caseDetail.employer')}</h2>
        <dl className="kv">
          <dt>{t('newCase.employerName')}</dt>
          <dd data-testid="employer-name">{c.employer.name}</dd>
          {c.employer.creditCode && (
            <>
              <dt>{t('caseDetail.creditCode')}</dt>
              <dd>{c.employer.creditCode}</dd>
            </>
          )}
          {c.employer.contactName && (
            <>
              <dt>{t('caseDetail.contact')}</dt>
              <dd>{c.employer.contactName}</dd>
            </>
          )}
          {c.employer.contactPhone && (
            <>
              <dt>{t('caseDetail.contactPhone')}</dt>
              <dd>
                <a href={`tel:${c.employer.contactPhone}`}>{c.employer.contactPhone}</a>
              </dd>
            </>
          )}
          {c.employer.address && (
            <>
              <dt>{t('caseDetail.address')}</dt>
              <dd>{c.employer.address}</dd>
            </>
          )}
          {c.sector && (
            <>
              <dt>{t('caseDetail.sector')}</dt>
              <dd>{CASE_SECTOR_LABELS[c.sector][lang]}</dd>
            </>
          )}
          {c.sector === 'construction' && c.project && (
            <>
              <dt>{t('caseDetail.project')}</dt>
              <dd data-testid="project-name">{c.project.name}</dd>
              <dt>{t('caseDetail.generalContractor')}</dt>
              <dd data-testid="general-contractor">{c.project.generalContractor}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="card" aria-labelledby="sec-claimants">
        <h2 id="sec-claimants">
          {t('caseDetail.claimants')} ({c.claimants.length})
        </h2>
        <ul className="timeline">
          {c.claimants.map((cl, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: claimants have no id; their order is stable
            <li key={i} data-testid="claimant">
              <strong>{cl.name}</strong> · <a href={`tel:${cl.mobile}`}>{cl.mobile}</a>
              <br />
              {t('caseDetail.owed')}: {formatFen(cl.owedFen)}
              {cl.idNumber && (
                <>
                  <br />
                  {t('caseDetail.idNumber')}: {maskId(cl.idNumber)}
                </>
              )}
              {(cl.periodFrom || cl.periodTo) && (
                <>
                  <br />
                  {t('caseDetail.period')}: {formatDate(cl.periodFrom, lang)} –{' '}
                  {formatDate(cl.periodTo, lang)}
                </>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="sec-actions">
        <h2 id="sec-actions">{t('caseDetail.actions')}</h2>
        {rules.length === 0 && <p>{t('caseDetail.noActions')}</p>}
        {rules.map((r) => (
          <ActionForm
            key={r.to}
            c={c}
            rule={r}
            open={openMove === r.to}
            setOpen={(o) => setOpenMove(o ? r.to : null)}
          />
        ))}
        {noMediation ? (
          <>
            <button
              type="button"
              className="btn block"
              disabled
              aria-describedby="mediation-blocked"
              data-testid="record-mediation-disabled"
            >
              {t('caseDetail.recordMediation')}
            </button>
            <p className="hint" id="mediation-blocked">
              {t('caseActions.mediationBlocked', { reason: sharedText(noMediation, lang) })}
            </p>
          </>
        ) : (
          step.kind !== 'mediate' && (
            <Link
              href={`/cases/${c.id}/mediation`}
              className="btn block"
              data-testid="record-mediation"
            >
              {t('caseDetail.recordMediation')}
            </Link>
          )
        )}
        {c.status === 'insurance_advance' && (
          <Suspense fallback={null}>
            <StartInsuranceClaim c={c} />
          </Suspense>
        )}
        {noEdit ? (
          <button type="button" className="btn block" disabled aria-describedby="edit-blocked">
            {t('caseDetail.edit')}
          </button>
        ) : (
          <Link href={`/cases/${c.id}/edit`} className="btn block">
            {t('caseDetail.edit')}
          </Link>
        )}
        {noEdit && (
          <p className="hint" id="edit-blocked">
            {sharedText(noEdit, lang)}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="sec-mediations">
        <h2 id="sec-mediations">{t('caseDetail.mediations')}</h2>
        {mediations.length === 0 && <p>{t('caseDetail.noMediations')}</p>}
        <ul className="timeline">
          {mediations.map((m) => (
            <li key={m.id} data-testid="mediation-item">
              <time dateTime={m.heldAt}>{formatDateTime(m.heldAt, lang)}</time> · {m.place}
              <br />
              {t(`mediationOutcomes.${m.outcome}`)} · {formatFen(m.amountAgreedFen)}{' '}
              {isAgreementFrozen(m) && (
                <span className="badge stage-on_time">{t('caseDetail.frozen')}</span>
              )}{' '}
              {superseded.has(m.id) && (
                <span className="badge status">{t('caseDetail.superseded')}</span>
              )}{' '}
              {m.pending && <span className="badge pending">{t('cases.pendingBadge')}</span>}
              <br />
              <Link href={`/mediations/${m.id}/agreement`}>{t('caseDetail.openAgreement')}</Link>
            </li>
          ))}
        </ul>
      </section>
      <InstalmentsSection caseId={c.id} />

      <section className="card" aria-labelledby="sec-photos">
        <h2 id="sec-photos">{t('caseDetail.photos')}</h2>
        {photoMsg && <Notice kind={photoMsg.kind}>{photoMsg.text}</Notice>}
        {photos.length === 0 && remotePhotos.length === 0 && <p>{t('caseDetail.noPhotos')}</p>}
        <div className="photos">
          {photos.map((p, i) => (
            <BlobImage
              key={p.sha256}
              blob={p.blob}
              alt={`${t('caseDetail.photos')} ${i + 1}`}
              testId="case-photo"
            />
          ))}
          {remotePhotos.map((sha, i) => (
            <AttachmentImage
              key={sha}
              sha256={sha}
              testId="case-photo"
              alt={`${t('caseDetail.photos')} ${photos.length + i + 1}`}
            />
          ))}
        </div>
        <PhotoInput
          label={t('caseDetail.addPhoto')}
          onFiles={(f) => void addPhotos(f)}
          disabled={busy}
          testId="case-photo-input"
        />
      </section>

      {(user.role !== 'officer' || visitNotes.length > 0) && (
        // The inspectors' notes from visits, also here (not only on the trip screen).
        <section className="card" aria-labelledby="sec-visit-notes">
          <h2 id="sec-visit-notes">{t('caseDetail.visitNotes')}</h2>
          {visitNotes.length === 0 && <p>{t('caseDetail.noVisitNotes')}</p>}
          <ol className="timeline" data-testid="case-visit-notes">
            {visitNotes.map((n) => (
              <li key={n.id}>
                <time dateTime={n.at}>{formatDateTime(n.at, lang)}</time> · {n.actorName}
                <br />
                <span style={{ whiteSpace: 'pre-wrap' }}>{n.comment}</span>
              </li>
            ))}
          </ol>
          {user.role === 'inspector' && (
            <Link href={`/inspector/cases/${c.id}`} className="btn block">
              {t('caseDetail.addVisitNote')}
            </Link>
          )}
        </section>
      )}

      <CaseTimeline events={events} outbox={outbox} userName={user.displayName} />

      <NextStepBar caseId={c.id} step={step} onMove={openStep} />
    </AppFrame>
  );
}

/** The sticky primary button: the case's next step (shared/src/domain/next-step.ts). */
function NextStepBar(props: { caseId: string; step: NextStep; onMove: (to: CaseStatus) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { step } = props;
  return (
    <div className="action-bar" data-testid="next-step" data-kind={step.kind}>
      {step.kind === 'move' && (
        <button type="button" className="btn primary" onClick={() => props.onMove(step.rule.to)}>
          {step.rule.label[lang]}
        </button>
      )}
      {step.kind === 'mediate' && (
        <Link
          href={`/cases/${props.caseId}/mediation`}
          className="btn primary"
          data-testid="record-mediation"
        >
          {t('caseDetail.recordMediation')}
        </Link>
      )}
      {step.kind === 'sign' && (
        <Link
          href={`/cases/${props.caseId}/mediation?edit=${step.mediationId}`}
          className="btn primary"
          data-testid="sign-draft"
        >
          {t('caseActions.signDraft')}
        </Link>
      )}
      {step.kind === 'wait' && (
        <p role="status" style={{ margin: 0, alignSelf: 'center' }}>
          {sharedText(step.reason, lang)}
        </p>
      )}
    </div>
  );
}
