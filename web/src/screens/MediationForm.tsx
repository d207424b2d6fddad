import {
  agreementTextChanged,
  amountOverOwedProblem,
  type attendeeSchema,
  fieldErrors,
  formatFen,
  isAgreementFrozen,
  MEDIATION_OUTCOMES,
  type MediationParty,
  type MediationRecordArgs,
  mediationRecordArgsSchema,
  SIGNER_ROLES,
  type SignerRole,
  t as sharedText,
  totalOwedFen,
  yuanTextToFen,
} from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { z } from 'zod';
import { useDirtyForm } from '../app/dirty';
import { errorFields, errorMessage } from '../app/errors';
import { useServerNow } from '../app/hooks';
import { ConfirmDialog } from '../app/kit';
import { useDb, useWorkspace } from '../app/services';
import { loadDraft, useDraftForm } from '../app/useDraftForm';
import { AppFrame } from '../components/AppFrame';
import { BlobImage } from '../components/BlobImage';
import { Notice, SelectField, TextArea, TextField } from '../components/Field';
import { fenOrZero, fenToYuanText, MoneyField, yuanError } from '../components/MoneyField';
import { PhotoInput } from '../components/PhotoInput';
import { SignatureField } from '../components/SignatureField';
import { newId } from '../data/db';
import type { LocalCase, LocalMediation } from '../data/types';
import { useLang, useTranslation } from '../i18n';
import { focusFirstInvalid, formatTime, fromLocalInput, toLocalInput } from '../i18n/format';

type AttendeeRole = z.infer<typeof attendeeSchema>['role'];
type Outcome = (typeof MEDIATION_OUTCOMES)[number];

interface MediationDraft {
  id: string;
  supersedesId?: string;
  step: number;
  heldAt: string;
  place: string;
  attendees: Array<{ name: string; role: AttendeeRole }>;
  facts: string;
  terms: string;
  amountAgreed: string;
  /** Why the agreement exceeds what is owed (interest, compensation); absent in older drafts. */
  amountOverrideReason?: string;
  amountPaidOnSite: string;
  instalments: Array<{ dueDate: string; amount: string }>;
  outcome: Outcome;
  /** PNG data URLs while the form is open; stored as attachments only on save. */
  signatures: Partial<Record<SignerRole, string>>;
  /** Signatures a stored draft already has (hashes), kept unless signed again. */
  keptSignatures?: { [R in SignerRole]?: string | undefined };
  photoHashes: string[];
  /** The parties as the agreement names them; absent in older drafts. */
  parties?: Array<{ role: MediationParty['role']; name: string; idNumber: string; phone: string }>;
}

const STEPS = ['stepBasics', 'stepFacts', 'stepAmounts', 'stepSign'] as const;
const STEP_FIELDS: ReadonlyArray<ReadonlyArray<string>> = [
  ['heldAt', 'place', 'attendees'],
  ['facts', 'terms'],
  ['amountAgreedFen', 'amountPaidOnSiteFen', 'instalments', 'outcome'],
  ['parties', 'signatures', 'photoHashes'],
];
const ATTENDEE_ROLES: readonly AttendeeRole[] = [
  'worker',
  'employer',
  'officer',
  'inspector',
  'witness',
  'other',
];

/**
 * Decodes a signature's data URL in place. Not with fetch(): the page's Content Security
 * Policy rightly allows connections to our own origin only.
 */
function dataUrlToBlob(url: string): Blob {
  const m = /^data:([^;,]+);base64,(.*)$/.exec(url);
  if (!m) throw new Error('signature is not a base64 data URL');
  const bin = atob(m[2]!);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: m[1]! });
}

/** A number the device holds masked (ID numbers) is typed again from the card, not copied. */
const unmasked = (v: string | undefined): string => (v && !v.includes('*') ? v : '');

function partiesOfCase(c: LocalCase): NonNullable<MediationDraft['parties']> {
  return [
    ...c.claimants.map((cl) => ({
      role: 'worker' as const,
      name: cl.name,
      idNumber: unmasked(cl.idNumber),
      phone: unmasked(cl.mobile),
    })),
    {
      role: 'employer' as const,
      name: c.employer.contactName ?? '',
      idNumber: '',
      phone: unmasked(c.employer.contactPhone),
    },
  ];
}

function partiesOf(m: LocalMediation, c: LocalCase): NonNullable<MediationDraft['parties']> {
  if (!m.parties) return partiesOfCase(c);
  return m.parties.map((p) => ({
    role: p.role,
    name: p.name,
    idNumber: p.idNumber ?? '',
    phone: p.phone ?? '',
  }));
}

/** A stored draft opened again to be signed (or corrected before anyone signs it). */
function draftOfRecord(m: LocalMediation, c: LocalCase): MediationDraft {
  return {
    id: m.id,
    ...(m.supersedesId ? { supersedesId: m.supersedesId } : {}),
    step: STEPS.length - 1,
    heldAt: toLocalInput(Date.parse(m.heldAt)),
    place: m.place,
    attendees: m.attendees.map((a) => ({ ...a })),
    facts: m.facts,
    terms: m.terms,
    amountAgreed: fenToYuanText(m.amountAgreedFen),
    ...(m.amountOverrideReason ? { amountOverrideReason: m.amountOverrideReason } : {}),
    amountPaidOnSite: fenToYuanText(m.amountPaidOnSiteFen),
    instalments: m.instalments.map((i) => ({
      dueDate: i.dueDate,
      amount: fenToYuanText(i.amountFen),
    })),
    outcome: m.outcome,
    signatures: {},
    keptSignatures: { ...m.signatures },
    photoHashes: [...m.photoHashes],
    parties: partiesOf(m, c),
  };
}

function initialDraft(
  c: LocalCase,
  officerName: string,
  nowMs: number,
  prev: LocalMediation | undefined,
): MediationDraft {
  if (prev) {
    // A new version of a signed agreement: everything carried over but the signatures,
    // which must be given again for the changed text.
    return {
      id: newId(),
      supersedesId: prev.id,
      step: 0,
      heldAt: toLocalInput(nowMs),
      place: prev.place,
      attendees: prev.attendees.map((a) => ({ ...a })),
      facts: prev.facts,
      terms: prev.terms,
      amountAgreed: fenToYuanText(prev.amountAgreedFen),
      amountPaidOnSite: fenToYuanText(prev.amountPaidOnSiteFen),
      instalments: prev.instalments.map((i) => ({
        dueDate: i.dueDate,
        amount: fenToYuanText(i.amountFen),
      })),
      outcome: prev.outcome,
      signatures: {},
      photoHashes: [...prev.photoHashes],
      parties: partiesOf(prev, c),
    };
  }
  const owed = c.claimants.reduce((s, cl) => s + cl.owedFen, 0);
  return {
    id: newId(),
    step: 0,
    heldAt: toLocalInput(nowMs),
    place: c.employer.address ?? c.employer.name,
    attendees: [
      ...c.claimants.slice(0, 3).map((cl) => ({ name: cl.name, role: 'worker' as const })),
      ...(c.employer.contactName
        ? [{ name: c.employer.contactName, role: 'employer' as const }]
        : []),
      { name: officerName, role: 'officer' },
    ],
    facts: '',
    terms: '',
    amountAgreed: fenToYuanText(owed),
    amountPaidOnSite: '0',
    instalments: [],
    outcome: 'agreed',
    signatures: {},
    photoHashes: [],
    parties: partiesOfCase(c),
  };
}

/** The draft as mutation arguments (signatures are linked by hash only at save time). */
function toArgs(
  d: MediationDraft,
  caseId: string,
  lang: 'zh' | 'en',
  t: TFunction,
  owedFen: number | null,
) {
  const local: Record<string, string> = {};
  const money = (path: string, v: string): number => {
    const fen = yuanTextToFen(v);
    if (fen === null) {
      local[path] = yuanError(v, lang) ?? t('newCase.yuanInvalid');
      return Number.NaN;
    }
    return fen;
  };
  const heldAt = fromLocalInput(d.heldAt);
  if (!heldAt) local.heldAt = t('mediation.heldAtMissing');
  const args = {
    id: d.id,
    caseId,
    ...(d.supersedesId ? { supersedesId: d.supersedesId } : {}),
    heldAt: heldAt ?? '',
    place: d.place,
    attendees: d.attendees,
    facts: d.facts,
    terms: d.terms,
    amountAgreedFen: money('amountAgreedFen', d.amountAgreed),
    ...(d.amountOverrideReason?.trim()
      ? { amountOverrideReason: d.amountOverrideReason.trim() }
      : {}),
    amountPaidOnSiteFen: money('amountPaidOnSiteFen', d.amountPaidOnSite),
    instalments: d.instalments.map((i, n) => ({
      dueDate: i.dueDate,
      amountFen: money(`instalments.${n}.amountFen`, i.amount),
    })),
    outcome: d.outcome,
    signatures: {},
    photoHashes: d.photoHashes,
    ...(d.parties ? { parties: d.parties.filter((p) => p.name.trim()).map(toParty) } : {}),
  };
  // The server refuses more than is owed without a reason (shared rule): say so here first.
  const over =
    owedFen === null || Number.isNaN(args.amountAgreedFen)
      ? null
      : amountOverOwedProblem(args.amountAgreedFen, owedFen, d.amountOverrideReason);
  if (over && !local.amountAgreedFen) local.amountAgreedFen = sharedText(over, lang);
  return { args, local };
}

function toParty(p: NonNullable<MediationDraft['parties']>[number]): MediationParty {
  const out: MediationParty = { role: p.role, name: p.name.trim() };
  const id = p.idNumber.trim().toUpperCase();
  const phone = p.phone.trim();
  if (id) out.idNumber = id;
  if (phone) out.phone = phone;
  return out;
}

/** The parties (worker, employer) who have not signed yet. */
function missingParties(s: { [R in SignerRole]?: string | undefined }): SignerRole[] {
  return (['worker', 'employer'] as const).filter((r) => !s[r]);
}

function DraftPhotos(props: { hashes: string[]; onRemove: (h: string) => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const rows = useLiveQuery(
    () => db.attachments.bulkGet(props.hashes),
    [db, props.hashes.join(',')],
  );
  return (
    <div className="photos">
      {rows?.map((a, i) =>
        a ? (
          <div key={a.sha256} className="photo-wrap">
            <BlobImage
              blob={a.blob}
              alt={`${t('mediation.photos')} ${i + 1}`}
              testId="mediation-photo"
            />
            <button
              type="button"
              className="btn small danger"
              onClick={() => props.onRemove(a.sha256)}
            >
              {t('mediation.removePhoto', { n: i + 1 })}
            </button>
          </div>
        ) : null,
      )}
    </div>
  );
}

/**
 * Recording a mediation on site, in four short steps. The form lives in the drafts table from
 * the first keystroke: a closed tab, a crash or a dead battery loses nothing, and reopening
 * the case's mediation form picks up where the officer stopped.
 */
export function MediationForm(props: { caseId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const db = useDb();
  const { user, actions } = useWorkspace();
  const now = useServerNow();
  const [, navigate] = useLocation();
  const search = useSearch();
  const params = new URLSearchParams(search);
  const supersedes = params.get('supersedes');
  // A stored draft agreement opened again to add signatures (补签).
  const editing = supersedes ? null : params.get('edit');
  const draftId = `mediation-${props.caseId}${supersedes ? `-${supersedes}` : ''}${editing ? `-edit-${editing}` : ''}`;

  const [draft, setDraft] = useState<MediationDraft | null>(null);
  const [restored, setRestored] = useState(false);
  const [missing, setMissing] = useState(false);
  const [showErrors, setShowErrors] = useState<Set<number>>(new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const [frozenPrev, setFrozenPrev] = useState(false);
  const [editedRecord, setEditedRecord] = useState<LocalMediation | null>(null);
  const [askUnsigned, setAskUnsigned] = useState<SignerRole[] | null>(null);
  const loaded = useRef(false);
  const c = useLiveQuery(() => db.cases.get(props.caseId), [db, props.caseId]);

  useEffect(() => {
    if (loaded.current || c === undefined) return;
    loaded.current = true;
    void (async () => {
      if (!c) {
        setMissing(true);
        return;
      }
      const prev = supersedes ? await db.mediations.get(supersedes) : undefined;
      setFrozenPrev(prev ? isAgreementFrozen(prev) : false);
      const record = editing ? await db.mediations.get(editing) : undefined;
      // Signed by both in the meantime (another device): frozen, so only a new version.
      if (record && isAgreementFrozen(record)) {
        navigate(`/mediations/${record.id}/agreement`, { replace: true });
        return;
      }
      if (record) setEditedRecord(record);
      const saved = await loadDraft<MediationDraft>(db, draftId);
      if (saved) {
        setDraft(saved);
        setRestored(true);
      } else if (record) {
        setDraft(draftOfRecord(record, c));
      } else {
        setDraft(initialDraft(c, user.displayName, now, prev));
      }
    })();
  }, [c, db, draftId, supersedes, editing, navigate, user.displayName, now]);

  // A restored draft, or anything changed since the form opened, is work not yet saved as
  // a record: the update prompt waits for it.
  const initialJson = useRef<string | null>(null);
  if (draft && initialJson.current === null)
    initialJson.current = JSON.stringify({ ...draft, step: 0 });
  useDirtyForm(
    'mediation-form',
    draft !== null && (restored || JSON.stringify({ ...draft, step: 0 }) !== initialJson.current),
  );

  // Kept from the first moment: the form opens on site, prefilled, and is the record's start.
  const drafts = useDraftForm({
    id: draftId,
    kind: 'mediation',
    caseId: props.caseId,
    data: draft,
    keep: true,
    delayMs: 250,
  });

  const { args, local } = useMemo(
    () =>
      draft
        ? toArgs(draft, props.caseId, lang, t, c ? totalOwedFen(c) : null)
        : { args: null, local: {} },
    [draft, props.caseId, lang, t, c],
  );
  const errors = useMemo(() => {
    if (!args) return {};
    const r = mediationRecordArgsSchema.safeParse(args);
    return { ...(r.success ? {} : fieldErrors(r.error, lang)), ...local };
  }, [args, local, lang]);

  if (missing) {
    return (
      <AppFrame title={t('mediation.title')} back="/">
        <Notice kind="warn">{t('caseDetail.notFound')}</Notice>
      </AppFrame>
    );
  }
  if (!draft || !c) return <AppFrame title={t('app.loading')}>{null}</AppFrame>;

  const step = draft.step;
  const errorsOfStep = (s: number) =>
    Object.keys(errors).filter((path) =>
      STEP_FIELDS[s]!.some((f) => path === f || path.startsWith(`${f}.`)),
    );
  const shown = (path: string): string | undefined => {
    if (serverErrors[path]) return serverErrors[path];
    const s = STEP_FIELDS.findIndex((fs) => fs.some((f) => path === f || path.startsWith(`${f}.`)));
    return showErrors.has(s) ? errors[path] : undefined;
  };
  const set = (patch: Partial<MediationDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const goto = async (next: number) => {
    if (next > step && errorsOfStep(step).length > 0) {
      setShowErrors((s) => new Set(s).add(step));
      focusFirstInvalid();
      return;
    }
    const d = { ...draft, step: next };
    setDraft(d);
    await drafts.saveNow(d);
    window.scrollTo(0, 0);
  };

  const agreedFen = fenOrZero(draft.amountAgreed);
  const paidFen = fenOrZero(draft.amountPaidOnSite);
  const plannedFen = draft.instalments.reduce((s, i) => s + fenOrZero(i.amount), 0);

  const addPhotos = async (files: File[]) => {
    setBusy(true);
    setMessage({ kind: 'info', text: t('mediation.compressing') });
    try {
      const hashes: string[] = [];
      for (const f of files) hashes.push(await actions.addAttachment(props.caseId, f, 'photo'));
      setDraft((d) =>
        d
          ? {
              ...d,
              photoHashes: [...d.photoHashes, ...hashes.filter((h) => !d.photoHashes.includes(h))],
            }
          : d,
      );
      setMessage(null);
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  // Signatures given on a stored draft stand only for the text they were given to.
  const textChanged =
    editedRecord !== null &&
    args !== null &&
    agreementTextChanged(editedRecord, args as MediationRecordArgs);
  const kept = textChanged ? {} : (draft.keptSignatures ?? {});
  const signedNow = { ...kept, ...draft.signatures };

  const submit = async (confirmedUnsigned = false) => {
    const all = new Set([0, 1, 2, 3]);
    setShowErrors(all);
    setServerErrors({});
    const firstBad = [0, 1, 2, 3].find((s) => errorsOfStep(s).length > 0);
    if (firstBad !== undefined) {
      setMessage({
        kind: 'error',
        text: t('newCase.fixErrors', { count: Object.keys(errors).length }),
      });
      if (firstBad !== step) set({ step: firstBad });
      focusFirstInvalid();
      return;
    }
    const missing = missingParties(signedNow);
    if (missing.length > 0 && !confirmedUnsigned) {
      setAskUnsigned(missing);
      return;
    }
    setAskUnsigned(null);
    setBusy(true);
    drafts.hold();
    try {
      const signatures: Partial<Record<SignerRole, string>> = {};
      for (const role of SIGNER_ROLES) {
        const h = kept[role];
        if (h) signatures[role] = h;
      }
      for (const role of SIGNER_ROLES) {
        const url = draft.signatures[role];
        if (!url) continue;
        const blob = dataUrlToBlob(url);
        signatures[role] = await actions.addAttachment(props.caseId, blob, 'signature');
      }
      const record = { ...(args as MediationRecordArgs), signatures };
      await actions.recordMediation(record);
      await drafts.remove();
      setDraft(null);
      navigate(`/mediations/${record.id}/agreement`);
    } catch (err) {
      drafts.release();
      setServerErrors(errorFields(err, lang));
      setMessage({ kind: 'error', text: errorMessage(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  const stepName = t(`mediation.${STEPS[step]}`);
  return (
    <AppFrame
      title={`${t('mediation.title')} · ${c.employer.name}`}
      back={`/cases/${props.caseId}`}
      actionBar
    >
      <p className="stepper" aria-live="polite" data-testid="mediation-step" data-step={step}>
        {t('mediation.step', { n: step + 1, total: STEPS.length, name: stepName })}
      </p>
      {restored && <Notice testId="draft-restored">{t('newCase.draftRestored')}</Notice>}
      {editedRecord && (
        <Notice kind={textChanged ? 'warn' : 'info'} testId="editing-draft">
          {textChanged ? t('signing.textChanged') : t('signing.editingDraft')}
        </Notice>
      )}
      {draft.supersedesId && !editedRecord && (
        <Notice kind="warn">
          {frozenPrev ? t('mediation.frozenNotice') : t('mediation.supersedes')}
        </Notice>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {drafts.savedAt !== null && (
        <p className="hint" data-testid="draft-saved" data-count={drafts.saves}>
          {t('mediation.draftSaved', { time: formatTime(drafts.savedAt, lang) })}
        </p>
      )}
      <form
        id="mediation-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step < STEPS.length - 1) void goto(step + 1);
          else void submit();
        }}
      >
        {step === 0 && (
          <>
            <TextField
              id="heldAt"
              type="datetime-local"
              label={t('mediation.heldAt')}
              required
              value={draft.heldAt}
              onChange={(v) => set({ heldAt: v })}
              error={shown('heldAt')}
            />
            <TextField
              id="place"
              label={t('mediation.place')}
              required
              value={draft.place}
              onChange={(v) => set({ place: v })}
              error={shown('place')}
              maxLength={200}
            />
            <fieldset>
              <legend>{t('mediation.attendees')}</legend>
              {shown('attendees') && (
                <p className="field error" role="alert">
                  {shown('attendees')}
                </p>
              )}
              {draft.attendees.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are addressed by position, as the schema's error paths are
                <div className="row" key={i}>
                  <TextField
                    id={`attendee-${i}-name`}
                    label={`${t('mediation.attendeeName')} ${i + 1}`}
                    required
                    value={a.name}
                    onChange={(v) =>
                      set({
                        attendees: draft.attendees.map((x, j) => (j === i ? { ...x, name: v } : x)),
                      })
                    }
                    error={shown(`attendees.${i}.name`)}
                    maxLength={40}
                  />
                  <SelectField
                    id={`attendee-${i}-role`}
                    label={t('mediation.attendeeRole')}
                    required
                    value={a.role}
                    onChange={(v) =>
                      set({
                        attendees: draft.attendees.map((x, j) => (j === i ? { ...x, role: v } : x)),
                      })
                    }
                    options={ATTENDEE_ROLES.map((r) => ({
                      value: r,
                      label: t(`attendeeRoles.${r}`),
                    }))}
                  />
                  <button
                    type="button"
                    className="btn small danger"
                    style={{ marginBottom: 14 }}
                    onClick={() => set({ attendees: draft.attendees.filter((_, j) => j !== i) })}
                  >
                    {t('mediation.removeAttendee', { n: i + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="btn block"
                onClick={() =>
                  set({ attendees: [...draft.attendees, { name: '', role: 'witness' }] })
                }
              >
                {t('mediation.addAttendee')}
              </button>
            </fieldset>
          </>
        )}
        {step === 1 && (
          <>
            <TextArea
              id="facts"
              label={t('mediation.facts')}
              value={draft.facts}
              onChange={(v) => set({ facts: v })}
              error={shown('facts')}
              maxLength={4000}
            />
            <TextArea
              id="terms"
              label={t('mediation.terms')}
              value={draft.terms}
              onChange={(v) => set({ terms: v })}
              error={shown('terms')}
              maxLength={4000}
            />
          </>
        )}
        {step === 2 && (
          <>
            <MoneyField
              id="amountAgreed"
              label={t('mediation.amountAgreed')}
              required
              showAmount
              value={draft.amountAgreed}
              onChange={(v) => set({ amountAgreed: v })}
              error={shown('amountAgreedFen')}
            />
            {c && agreedFen > totalOwedFen(c) && (
              <TextField
                id="amountOverrideReason"
                label={t('mediation.overrideReason')}
                value={draft.amountOverrideReason ?? ''}
                onChange={(v) => set({ amountOverrideReason: v })}
                hint={t('mediation.overOwedHint', { owed: formatFen(totalOwedFen(c)) })}
              />
            )}
            <MoneyField
              id="amountPaidOnSite"
              label={t('mediation.amountPaidOnSite')}
              required
              showAmount
              value={draft.amountPaidOnSite}
              onChange={(v) => set({ amountPaidOnSite: v })}
              error={shown('amountPaidOnSiteFen')}
            />
            <fieldset>
              <legend>{t('mediation.instalments')}</legend>
              <p data-testid="instalments-left">
                {t('mediation.instalmentsLeft', {
                  left: formatFen(Math.max(0, agreedFen - paidFen)),
                  planned: formatFen(plannedFen),
                })}
              </p>
              {shown('instalments') && (
                <p className="field error" role="alert">
                  {shown('instalments')}
                </p>
              )}
              {draft.instalments.map((ins, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are addressed by position, as the schema's error paths are
                <fieldset key={i}>
                  <legend>{t('mediation.instalmentN', { n: i + 1 })}</legend>
                  <div className="row">
                    <TextField
                      id={`instalment-${i}-date`}
                      type="date"
                      label={t('mediation.dueDate')}
                      required
                      value={ins.dueDate}
                      onChange={(v) =>
                        set({
                          instalments: draft.instalments.map((x, j) =>
                            j === i ? { ...x, dueDate: v } : x,
                          ),
                        })
                      }
                      error={shown(`instalments.${i}.dueDate`)}
                    />
                    <MoneyField
                      id={`instalment-${i}-amount`}
                      label={t('mediation.amount')}
                      required
                      value={ins.amount}
                      onChange={(v) =>
                        set({
                          instalments: draft.instalments.map((x, j) =>
                            j === i ? { ...x, amount: v } : x,
                          ),
                        })
                      }
                      error={shown(`instalments.${i}.amountFen`)}
                    />
                  </div>
                  <button
                    type="button"
                    className="btn small danger"
                    onClick={() =>
                      set({ instalments: draft.instalments.filter((_, j) => j !== i) })
                    }
                  >
                    {t('mediation.removeInstalment', { n: i + 1 })}
                  </button>
                </fieldset>
              ))}
              <button
                type="button"
                className="btn block"
                onClick={() =>
                  set({ instalments: [...draft.instalments, { dueDate: '', amount: '' }] })
                }
                data-testid="add-instalment"
              >
                {t('mediation.addInstalment')}
              </button>
            </fieldset>
            <SelectField
              id="outcome"
              label={t('mediation.outcome')}
              required
              value={draft.outcome}
              onChange={(v) => set({ outcome: v })}
              options={MEDIATION_OUTCOMES.map((o) => ({
                value: o,
                label: t(`mediationOutcomes.${o}`),
              }))}
              error={shown('outcome')}
            />
          </>
        )}
        {step === 3 && (
          <>
            <fieldset>
              <legend>{t('signing.parties')}</legend>
              <p className="hint">{t('signing.partiesHint')}</p>
              {(draft.parties ?? []).map((p, i) => {
                const setParty = (patch: Partial<typeof p>) =>
                  set({
                    parties: (draft.parties ?? []).map((x, j) =>
                      j === i ? { ...x, ...patch } : x,
                    ),
                  });
                const workerNo = (draft.parties ?? [])
                  .slice(0, i + 1)
                  .filter((x) => x.role === 'worker').length;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are addressed by position, as the schema's error paths are
                  <fieldset key={i} data-testid="party">
                    <legend>
                      {p.role === 'worker'
                        ? t('signing.partyWorker', { n: workerNo })
                        : t('signing.partyEmployer')}
                    </legend>
                    <TextField
                      id={`party-${i}-name`}
                      label={t('signing.partyName')}
                      value={p.name}
                      onChange={(v) => setParty({ name: v })}
                      error={shown(`parties.${i}.name`)}
                      maxLength={60}
                    />
                    <TextField
                      id={`party-${i}-id`}
                      label={t('signing.partyIdNumber')}
                      value={p.idNumber}
                      onChange={(v) => setParty({ idNumber: v })}
                      error={shown(`parties.${i}.idNumber`)}
                      maxLength={18}
                      autoComplete="off"
                    />
                    <TextField
                      id={`party-${i}-phone`}
                      type="tel"
                      label={t('signing.partyPhone')}
                      value={p.phone}
                      onChange={(v) => setParty({ phone: v })}
                      error={shown(`parties.${i}.phone`)}
                      maxLength={20}
                    />
                  </fieldset>
                );
              })}
            </fieldset>
            <fieldset>
              <legend>{t('mediation.signatures')}</legend>
              {SIGNER_ROLES.map((role) => (
                <SignatureField
                  key={role}
                  id={`sign-${role}`}
                  label={t(
                    role === 'worker'
                      ? 'mediation.signWorker'
                      : role === 'employer'
                        ? 'mediation.signEmployer'
                        : 'mediation.signOfficer',
                  )}
                  value={draft.signatures[role]}
                  kept={kept[role] !== undefined}
                  onChange={(url) =>
                    setDraft((d) => {
                      if (!d) return d;
                      const signatures = { ...d.signatures };
                      if (url) signatures[role] = url;
                      else delete signatures[role];
                      return { ...d, signatures };
                    })
                  }
                />
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('mediation.photos')}</legend>
              <DraftPhotos
                hashes={draft.photoHashes}
                onRemove={(h) => set({ photoHashes: draft.photoHashes.filter((x) => x !== h) })}
              />
              <PhotoInput
                label={t('mediation.takePhoto')}
                onFiles={(f) => void addPhotos(f)}
                disabled={busy}
                testId="mediation-photo-input"
              />
            </fieldset>
          </>
        )}
      </form>
      <div className="action-bar">
        {step > 0 && (
          <button type="button" className="btn" onClick={() => void goto(step - 1)}>
            {t('mediation.prev')}
          </button>
        )}
        <button
          type="submit"
          form="mediation-form"
          className="btn primary"
          disabled={busy}
          data-testid={step < STEPS.length - 1 ? 'mediation-next' : 'mediation-save'}
        >
          {step < STEPS.length - 1 ? t('mediation.next') : t('mediation.submit')}
        </button>
      </div>
      {askUnsigned && (
        <ConfirmDialog
          title={t('signing.unsignedTitle')}
          message={t('signing.unsignedBody', {
            missing: askUnsigned
              .map((r) => t(r === 'worker' ? 'signing.missingWorker' : 'signing.missingEmployer'))
              .join(t('signing.and')),
          })}
          confirmLabel={t('signing.saveDraft')}
          onConfirm={() => void submit(true)}
          onCancel={() => setAskUnsigned(null)}
          testId="confirm-unsigned"
        />
      )}
    </AppFrame>
  );
}
