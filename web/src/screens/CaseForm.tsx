import {
  CASE_PATCHABLE_FIELDS,
  CASE_SOURCES,
  type CaseCreateArgs,
  type CasePatch,
  type CaseSource,
  type Claimant,
  caseCreateArgsSchema,
  creditCodeError,
  fieldErrors,
  formatFen,
  joinList,
  mobileError,
  normalizeCreditCode,
  normalizeMobile,
  OPEN_STATUSES,
  t as sharedT,
  TEXT_LIMITS,
  toHalfWidth,
  yuanTextToFen,
} from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useDirtyForm } from '../app/dirty';
import { errorFields, errorMessage } from '../app/errors';
import { useDb, useWorkspace } from '../app/services';
import { loadDraft, useDraftForm } from '../app/useDraftForm';
import { AppFrame, noticeOnNextScreen } from '../components/AppFrame';
import { Notice, SelectField, TextArea, TextField } from '../components/Field';
import { fenOrZero, fenToYuanText, MoneyField, yuanError } from '../components/MoneyField';
import { newId } from '../data/db';
import type { LocalCase } from '../data/types';
import { casesByClaimantMobiles } from '../data/vault/blind-queries';
import { useLang, useTranslation } from '../i18n';
import { focusFirstInvalid, formatTime } from '../i18n/format';
import { activeUnitIds, townName } from '../i18n/towns';

interface ClaimantForm {
  name: string;
  mobile: string;
  idNumber: string;
  homeProvince: string;
  owedYuan: string;
  periodFrom: string;
  periodTo: string;
}

interface CaseFormState {
  id: string;
  townId: string;
  source: CaseSource;
  employer: {
    name: string;
    creditCode: string;
    contactName: string;
    contactPhone: string;
    address: string;
  };
  claimants: ClaimantForm[];
  workersCount: string;
  workersTouched: boolean;
  description: string;
}

const EMPTY_CLAIMANT: ClaimantForm = {
  name: '',
  mobile: '',
  idNumber: '',
  homeProvince: '',
  owedYuan: '',
  periodFrom: '',
  periodTo: '',
};

function fromCase(c: LocalCase): CaseFormState {
  return {
    id: c.id,
    townId: c.townId,
    source: c.source,
    employer: {
      name: c.employer.name,
      creditCode: c.employer.creditCode ?? '',
      contactName: c.employer.contactName ?? '',
      contactPhone: c.employer.contactPhone ?? '',
      address: c.employer.address ?? '',
    },
    claimants: c.claimants.map((cl) => ({
      name: cl.name,
      mobile: cl.mobile,
      idNumber: cl.idNumber ?? '',
      homeProvince: cl.homeProvince ?? '',
      owedYuan: fenToYuanText(cl.owedFen),
      periodFrom: cl.periodFrom ?? '',
      periodTo: cl.periodTo ?? '',
    })),
    workersCount: String(c.workersCount),
    workersTouched: true,
    description: c.description,
  };
}

function blank(townId: string): CaseFormState {
  return {
    id: newId(),
    townId,
    source: 'on_site',
    employer: { name: '', creditCode: '', contactName: '', contactPhone: '', address: '' },
    claimants: [{ ...EMPTY_CLAIMANT }],
    workersCount: '1',
    workersTouched: false,
    description: '',
  };
}

/** Optional text: omitted when blank (exactOptionalPropertyTypes, and the schema's optionals). */
function opt<K extends string>(key: K, v: string): { [P in K]?: string } {
  const s = v.trim();
  return (s ? { [key]: s } : {}) as { [P in K]?: string };
}

/**
 * The form as the mutation's arguments, plus the errors only the form can see (an amount
 * that is not a number of yuan; fewer workers than claimants).
 */
function toArgs(
  s: CaseFormState,
  lang: 'zh' | 'en',
): { args: Record<string, unknown>; local: Record<string, string> } {
  const local: Record<string, string> = {};
  const claimants = s.claimants.map((c, i) => {
    const fen = yuanTextToFen(c.owedYuan);
    const bad = yuanError(c.owedYuan, lang);
    if (bad) local[`claimants.${i}.owedFen`] = bad;
    return {
      name: c.name,
      mobile: c.mobile,
      ...opt('idNumber', c.idNumber),
      ...opt('homeProvince', c.homeProvince),
      owedFen: fen ?? Number.NaN,
      ...opt('periodFrom', c.periodFrom),
      ...opt('periodTo', c.periodTo),
    };
  });
  const workers = Number(toHalfWidth(s.workersCount));
  if (Number.isInteger(workers) && workers < s.claimants.length) {
    local.workersCount = sharedT('workers.fewerThanClaimants', lang);
  }
  return {
    args: {
      id: s.id,
      townId: s.townId,
      source: s.source,
      employer: {
        name: s.employer.name,
        ...opt('creditCode', s.employer.creditCode),
        ...opt('contactName', s.employer.contactName),
        ...opt('contactPhone', s.employer.contactPhone),
        ...opt('address', s.employer.address),
      },
      claimants,
      workersCount: s.workersCount.trim() === '' ? Number.NaN : workers,
      description: s.description,
    },
    local,
  };
}

/** Open cases on this device that share the employer's credit code or a claimant's mobile. */
function useDuplicates(s: CaseFormState): { byCode: LocalCase[]; byMobile: LocalCase[] } {
  const db = useDb();
  const code = normalizeCreditCode(s.employer.creditCode);
  const validCode = code.length === 18 && creditCodeError(code) === null ? code : null;
  const mobiles = s.claimants
    .map((c) => normalizeMobile(c.mobile))
    .filter((m) => mobileError(m) === null);
  const key = `${validCode ?? ''}|${mobiles.join(',')}`;
  const found = useLiveQuery(async () => {
    const isOther = (c: LocalCase) => c.id !== s.id && OPEN_STATUSES.includes(c.status);
    const byCode = validCode
      ? (await db.cases.where('employer.creditCode').equals(validCode).toArray()).filter(isOther)
      : [];
    const byMobile =
      mobiles.length > 0 ? (await casesByClaimantMobiles(db, mobiles)).filter(isOther) : [];
    return { byCode, byMobile };
    // The query depends only on the normalised code and mobiles, not on every keystroke.
  }, [db, key, s.id]);
  return found ?? { byCode: [], byMobile: [] };
}

export function CaseForm(props: { caseId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const db = useDb();
  const { user, actions } = useWorkspace();
  const [, navigate] = useLocation();
  const editing = props.caseId !== undefined;
  const draftId = editing ? `case-edit-${props.caseId}` : 'case-new';
  const townIds = user.townIds.length > 0 ? user.townIds : activeUnitIds();

  const [state, setState] = useState<CaseFormState | null>(null);
  const [original, setOriginal] = useState<CaseFormState | null>(null);
  const [restored, setRestored] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'warn'; text: string } | null>(
    null,
  );
  const [saving, setSaving] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const loaded = useRef(false);

  // Load: the saved draft if there is one (a closed tab or a dead battery loses nothing),
  // else the case being edited, else a blank form.
  useEffect(() => {
    if (loaded.current) return;
    loaded.current = true;
    void (async () => {
      const draft = await loadDraft<CaseFormState>(db, draftId);
      let base: CaseFormState | null = null;
      if (editing) {
        const c = await db.cases.get(props.caseId!);
        if (!c) {
          setNotFound(true);
          return;
        }
        base = fromCase(c);
      } else {
        base = blank(townIds[0] ?? '');
      }
      setOriginal(base);
      if (draft) {
        setState(draft);
        setRestored(true);
      } else {
        setState(base);
      }
    })();
  }, [db, draftId, editing, props.caseId, townIds]);

  const dirty =
    state !== null && original !== null && JSON.stringify(state) !== JSON.stringify(original);
  useDirtyForm('case-form', dirty);

  // Only a changed form is worth a draft: an untouched one is the case itself, or blank.
  const draft = useDraftForm({
    id: draftId,
    kind: 'case',
    caseId: props.caseId,
    data: state,
    keep: dirty,
  });

  const { args, local } = useMemo(
    () => (state ? toArgs(state, lang) : { args: {}, local: {} }),
    [state, lang],
  );
  // Editing: only the fields the officer changed are sent (a patch), so only they are judged.
  // A pulled claimant's ID number arrives masked and would never pass the check digit.
  const changed = useMemo(() => {
    if (!editing || !original) return null;
    const before = toArgs(original, lang).args;
    return CASE_PATCHABLE_FIELDS.filter(
      (f) => JSON.stringify(args[f]) !== JSON.stringify(before[f]),
    );
  }, [editing, original, args, lang]);
  const errors = useMemo(() => {
    const parsed = caseCreateArgsSchema.safeParse(args);
    const all: Record<string, string> = {
      ...(parsed.success ? {} : fieldErrors(parsed.error, lang)),
      ...local,
    };
    if (!changed) return all;
    return Object.fromEntries(
      Object.entries(all).filter(([path]) =>
        (changed as readonly string[]).includes(path.split('.')[0]!),
      ),
    );
  }, [args, local, lang, changed]);
  const dups = useDuplicates(state ?? blank(''));

  if (notFound) {
    return (
      <AppFrame title={t('newCase.editTitle')} back="/">
        <Notice kind="warn">{t('caseDetail.notFound')}</Notice>
      </AppFrame>
    );
  }
  if (!state) return <AppFrame title={t('app.loading')}>{null}</AppFrame>;

  const shown = (path: string): string | undefined =>
    serverErrors[path] ?? (submitted || touched.has(path) ? errors[path] : undefined);
  const touch = (path: string) => () =>
    setTouched((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));
  const update = (fn: (s: CaseFormState) => CaseFormState) =>
    setState((prev) => {
      if (!prev) return prev;
      const next = fn(prev);
      if (!next.workersTouched) next.workersCount = String(Math.max(1, next.claimants.length));
      return next;
    });
  const setEmployer = (k: keyof CaseFormState['employer']) => (v: string) =>
    update((s) => ({ ...s, employer: { ...s.employer, [k]: v } }));
  const setClaimant = (i: number, k: keyof ClaimantForm) => (v: string) => {
    touch(`claimants.${i}.${k === 'owedYuan' ? 'owedFen' : k}`)();
    update((s) => ({
      ...s,
      claimants: s.claimants.map((c, j) => (j === i ? { ...c, [k]: v } : c)),
    }));
  };

  const totalFen = state.claimants.reduce((sum, c) => sum + fenOrZero(c.owedYuan), 0);
  const errorCount = Object.keys(errors).length;

  const submit = async () => {
    setSubmitted(true);
    setServerErrors({});
    setMessage(null);
    if (errorCount > 0) {
      setMessage({ kind: 'error', text: t('newCase.fixErrors', { count: errorCount }) });
      focusFirstInvalid();
      return;
    }
    setSaving(true);
    draft.hold();
    try {
      if (editing) {
        const patch = Object.fromEntries((changed ?? []).map((f) => [f, args[f]]));
        if (Object.keys(patch).length === 0) {
          setMessage({ kind: 'warn', text: t('newCase.noChanges') });
          setSaving(false);
          draft.release();
          return;
        }
        // The data layer validates and normalises the patch with the shared schema.
        await actions.updateCase(state.id, patch as CasePatch);
      } else {
        const parsed = caseCreateArgsSchema.parse(args);
        const { id, ...rest } = parsed as CaseCreateArgs;
        await actions.createCase({ ...rest, id });
      }
      await draft.remove();
      setOriginal(state);
      if (!editing) {
        noticeOnNextScreen(t(navigator.onLine ? 'cases.created' : 'cases.createdPending'));
      }
      navigate(`/cases/${state.id}`);
      // A new case opens at its top, where the confirmation is, not at the form's scroll.
      window.scrollTo(0, 0);
    } catch (err) {
      // An update's messages are keyed under `patch.`; the form's fields are not.
      const fields = Object.fromEntries(
        Object.entries(errorFields(err, lang)).map(([k, v]) => [k.replace(/^patch\./, ''), v]),
      );
      setServerErrors(fields);
      setMessage({ kind: 'error', text: errorMessage(err, lang) });
      draft.release();
    } finally {
      setSaving(false);
    }
  };

  const discardDraft = async () => {
    await draft.discard();
    setRestored(false);
    setState(original);
    setTouched(new Set());
    setSubmitted(false);
  };

  return (
    <AppFrame
      title={editing ? t('newCase.editTitle') : t('newCase.title')}
      back={editing ? `/cases/${props.caseId}` : '/'}
      actionBar
    >
      {restored && (
        <Notice kind="info" testId="draft-restored">
          {t('newCase.draftRestored')}{' '}
          <button type="button" className="btn small" onClick={() => void discardDraft()}>
            {t('newCase.discardDraft')}
          </button>
        </Notice>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {draft.savedAt !== null && (
        <p className="hint" data-testid="draft-saved" data-count={draft.saves}>
          {t('mediation.draftSaved', { time: formatTime(draft.savedAt, lang) })}
        </p>
      )}
      <form
        id="case-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {!editing && (
          <div className="row">
            <SelectField
              id="townId"
              label={t('newCase.town')}
              required
              value={state.townId}
              onChange={(v) => update((s) => ({ ...s, townId: v }))}
              options={townIds.map((id) => ({ value: id, label: townName(id, lang) }))}
              error={shown('townId')}
            />
            <SelectField
              id="source"
              label={t('newCase.source')}
              required
              value={state.source}
              onChange={(v) => update((s) => ({ ...s, source: v }))}
              options={CASE_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))}
              error={shown('source')}
            />
          </div>
        )}
        <fieldset>
          <legend>{t('newCase.employerSection')}</legend>
          <TextField
            id="employer-name"
            label={t('newCase.employerName')}
            required
            value={state.employer.name}
            onChange={setEmployer('name')}
            onBlur={touch('employer.name')}
            error={shown('employer.name')}
            maxLength={TEXT_LIMITS.employerName}
          />
          <TextField
            id="employer-creditCode"
            label={t('newCase.creditCode')}
            value={state.employer.creditCode}
            onChange={(v) => {
              touch('employer.creditCode')();
              setEmployer('creditCode')(v);
            }}
            error={shown('employer.creditCode')}
          />
          {dups.byCode.length > 0 && (
            <DuplicateHint what={t('newCase.dupCreditCode')} cases={dups.byCode} />
          )}
          <div className="row">
            <TextField
              id="employer-contactName"
              label={t('newCase.contactName')}
              value={state.employer.contactName}
              onChange={setEmployer('contactName')}
              error={shown('employer.contactName')}
              maxLength={TEXT_LIMITS.personName}
            />
            <TextField
              id="employer-contactPhone"
              label={t('newCase.contactPhone')}
              type="tel"
              inputMode="tel"
              value={state.employer.contactPhone}
              onChange={setEmployer('contactPhone')}
              onBlur={touch('employer.contactPhone')}
              error={shown('employer.contactPhone')}
            />
          </div>
          <TextField
            id="employer-address"
            label={t('newCase.address')}
            value={state.employer.address}
            onChange={setEmployer('address')}
            error={shown('employer.address')}
            maxLength={TEXT_LIMITS.address}
          />
        </fieldset>

        <fieldset>
          <legend>{t('newCase.claimantsSection')}</legend>
          {state.claimants.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are addressed by position, as the schema's error paths are
            <fieldset key={i} data-testid="claimant-form">
              <legend>{t('newCase.claimantN', { n: i + 1 })}</legend>
              <TextField
                id={`claimant-${i}-name`}
                label={t('newCase.name')}
                required
                value={c.name}
                onChange={setClaimant(i, 'name')}
                error={shown(`claimants.${i}.name`)}
                maxLength={TEXT_LIMITS.personName}
              />
              <TextField
                id={`claimant-${i}-mobile`}
                label={t('newCase.mobile')}
                required
                type="tel"
                inputMode="tel"
                value={c.mobile}
                onChange={setClaimant(i, 'mobile')}
                error={shown(`claimants.${i}.mobile`)}
              />
              <MoneyField
                id={`claimant-${i}-owed`}
                label={t('newCase.owedYuan')}
                required
                value={c.owedYuan}
                onChange={setClaimant(i, 'owedYuan')}
                error={shown(`claimants.${i}.owedFen`)}
              />
              <TextField
                id={`claimant-${i}-idNumber`}
                label={t('newCase.idNumber')}
                value={c.idNumber}
                onChange={setClaimant(i, 'idNumber')}
                error={shown(`claimants.${i}.idNumber`)}
              />
              <TextField
                id={`claimant-${i}-homeProvince`}
                label={t('newCase.homeProvince')}
                value={c.homeProvince}
                onChange={setClaimant(i, 'homeProvince')}
                error={shown(`claimants.${i}.homeProvince`)}
                maxLength={TEXT_LIMITS.homeProvince}
              />
              <div className="row">
                <TextField
                  id={`claimant-${i}-periodFrom`}
                  type="date"
                  label={t('newCase.periodFrom')}
                  value={c.periodFrom}
                  onChange={setClaimant(i, 'periodFrom')}
                  error={shown(`claimants.${i}.periodFrom`)}
                />
                <TextField
                  id={`claimant-${i}-periodTo`}
                  type="date"
                  label={t('newCase.periodTo')}
                  value={c.periodTo}
                  onChange={setClaimant(i, 'periodTo')}
                  error={shown(`claimants.${i}.periodTo`)}
                />
              </div>
              {state.claimants.length > 1 && (
                <button
                  type="button"
                  className="btn danger small"
                  onClick={() =>
                    update((s) => ({ ...s, claimants: s.claimants.filter((_, j) => j !== i) }))
                  }
                >
                  {t('newCase.removeClaimant', { n: i + 1 })}
                </button>
              )}
            </fieldset>
          ))}
          {dups.byMobile.length > 0 && (
            <DuplicateHint what={t('newCase.dupMobile')} cases={dups.byMobile} />
          )}
          <button
            type="button"
            className="btn block"
            onClick={() =>
              update((s) => ({ ...s, claimants: [...s.claimants, { ...EMPTY_CLAIMANT }] }))
            }
            data-testid="add-claimant"
          >
            {t('newCase.addClaimant')}
          </button>
          <p data-testid="form-total-owed">
            <strong>{t('newCase.totalOwed', { amount: formatFen(totalFen) })}</strong>
          </p>
        </fieldset>

        <TextField
          id="workersCount"
          label={t('newCase.workersCount')}
          required
          inputMode="numeric"
          value={state.workersCount}
          onChange={(v) => {
            touch('workersCount')();
            update((s) => ({ ...s, workersCount: v, workersTouched: true }));
          }}
          error={shown('workersCount')}
        />
        <TextArea
          id="description"
          label={t('newCase.description')}
          value={state.description}
          onChange={(v) => update((s) => ({ ...s, description: v }))}
          error={shown('description')}
          maxLength={TEXT_LIMITS.description}
        />
      </form>
      <div className="action-bar">
        <button
          type="submit"
          form="case-form"
          className="btn primary"
          disabled={saving}
          data-testid="save-case"
        >
          {saving ? t('newCase.saving') : t('newCase.submit')}
        </button>
      </div>
    </AppFrame>
  );
}

function DuplicateHint(props: { what: string; cases: LocalCase[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Notice kind="warn" testId="duplicate-hint">
      {t('newCase.duplicateHint', { what: props.what })}
      <ul>
        {props.cases.slice(0, 5).map((c) => (
          <li key={c.id}>
            <Link href={`/cases/${c.id}`}>
              {c.employer.name} ·{' '}
              {joinList(
                c.claimants.map((cl: Claimant) => cl.name),
                lang,
              )}
            </Link>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
