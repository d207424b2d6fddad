/** @jsxImportSource preact */
import type { Lang } from '@anxin/shared/i18n/messages';
import { TEXT_LIMITS } from '@anxin/shared/validation/limits';
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, type PublicUnit } from './api';
import { CodeField } from './CodeField';
import {
  type ComplaintDraft,
  complaintRequest,
  EMPTY_DRAFT,
  type FieldErrors,
  MAX_PHOTOS,
  placeServerErrors,
  validateComplaint,
} from './complaint';
import { describedBy, FieldShell, fieldId, focusFirstError, TextField } from './fields';
import { compressPhoto, uploadPhoto } from './photos';
import { text } from './texts';

/** The order the form shows its fields, for "focus the first one that is wrong". */
const FIELD_ORDER = [
  'name',
  'mobile',
  'employer.name',
  'employer.address',
  'employer.creditCode',
  'unitId',
  'periodFrom',
  'periodTo',
  'owedFen',
  'workersCount',
  'sector',
  'project.name',
  'project.generalContractor',
  'description',
  'photos',
  'otp',
] as const;

interface Photo {
  key: number;
  preview: string;
  /** The compressed copy, once made. */
  blob: Blob | null;
  sha256: string | null;
  state: 'compressing' | 'ready' | 'uploading' | 'done' | 'failed';
}

let photoKeys = 0;

export function ComplaintForm(props: {
  lang: Lang;
  /** The unit the poster named (`/k?unit=…`), preselected when it is in the list. */
  unitFromUrl: string;
  onFiled: (caseNo: string, mobile: string) => void;
}) {
  const { lang } = props;
  const [draft, setDraft] = useState<ComplaintDraft>({ ...EMPTY_DRAFT, unitId: props.unitFromUrl });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [units, setUnits] = useState<PublicUnit[] | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [sending, setSending] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let live = true;
    void call<PublicUnit[]>('GET', '/api/public/units', lang).then((res) => {
      if (!live) return;
      const list = res.ok && Array.isArray(res.value) ? res.value : [];
      setUnits(list);
      // A poster of a unit since closed (or a mistyped link) falls back to "不清楚".
      setDraft((d) => (list.some((u) => u.id === d.unitId) ? d : { ...d, unitId: '' }));
    });
    return () => {
      live = false;
    };
  }, [lang]);

  // The previews are object URLs: given back when the form goes (a receipt, the lookup tab).
  const previews = useRef<Photo[]>([]);
  previews.current = photos;
  useEffect(
    () => () => {
      for (const p of previews.current) URL.revokeObjectURL(p.preview);
    },
    [],
  );

  const set = <K extends keyof ComplaintDraft>(field: K, errorPath: string) => {
    return (value: ComplaintDraft[K]) => {
      setDraft((d) => ({ ...d, [field]: value }));
      if (errors[errorPath]) {
        setErrors((e) => {
          const { [errorPath]: _gone, ...rest } = e;
          return rest;
        });
      }
    };
  };
  const setError = (path: string, message: string | null) =>
    setErrors((e) => {
      const { [path]: _old, ...rest } = e;
      return message ? { ...rest, [path]: message } : rest;
    });

  const addPhotos = (files: FileList | null) => {
    if (!files) return;
    const room = MAX_PHOTOS - photos.length;
    for (const file of Array.from(files).slice(0, Math.max(0, room))) {
      const key = ++photoKeys;
      const preview = URL.createObjectURL(file);
      setPhotos((ps) => [...ps, { key, preview, blob: null, sha256: null, state: 'compressing' }]);
      void compressPhoto(file).then((blob) =>
        setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, blob, state: 'ready' } : p))),
      );
    }
  };
  const patchPhoto = (key: number, patch: Partial<Photo>) =>
    setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  /**
   * Uploads the photos not uploaded yet, one at a time (a weak link does better with one
   * stream); the sha256 of each, or null after saying what went wrong.
   */
  const uploadAll = async (proof: { mobile: string; otp: string }): Promise<string[] | null> => {
    const hashes: string[] = [];
    for (const p of photos) {
      if (p.state === 'done' && p.sha256) {
        hashes.push(p.sha256);
        continue;
      }
      patchPhoto(p.key, { state: 'uploading' });
      const res = await uploadPhoto(p.blob!, proof, lang);
      if (res.ok) {
        patchPhoto(p.key, { state: 'done', sha256: res.value });
        hashes.push(res.value);
        continue;
      }
      patchPhoto(p.key, { state: 'failed' });
      const f = res.failure;
      const fields = f.kind === 'invalid' ? placeServerErrors(f.fields) : {};
      setErrors(
        Object.keys(fields).length > 0
          ? fields
          : { photos: f.kind === 'server' && f.message ? f.message : text(lang, 'photoFailed') },
      );
      setSummary(text(lang, f.kind === 'network' ? 'network' : 'checkFields'));
      focusFirstError(FIELD_ORDER, Object.keys(fields).length > 0 ? fields : { photos: '1' });
      return null;
    }
    return hashes;
  };
  const removePhoto = (key: number) =>
    setPhotos((ps) =>
      ps.filter((p) => {
        if (p.key === key) URL.revokeObjectURL(p.preview);
        return p.key !== key;
      }),
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    const found = validateComplaint(draft, lang);
    if (photos.some((p) => p.state === 'compressing' || p.state === 'uploading')) {
      found.photos = text(lang, 'photoBusy');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setSummary(text(lang, 'checkFields'));
      focusFirstError(FIELD_ORDER, found);
      return;
    }
    setSending(true);
    setSummary(null);
    const proof = complaintRequest(draft, []);
    const hashes = await uploadAll({ mobile: proof.mobile, otp: proof.otp });
    if (hashes === null) {
      setSending(false);
      return;
    }
    const body = complaintRequest(draft, hashes);
    const res = await call<{ caseNo: string }>('POST', '/api/public/complaints', lang, body);
    setSending(false);
    if (res.ok) {
      props.onFiled(res.value.caseNo, body.mobile);
      return;
    }
    const f = res.failure;
    if (f.kind === 'invalid') {
      const placed = placeServerErrors(f.fields);
      setErrors(placed);
      const onScreen = FIELD_ORDER.some((field) => placed[field]);
      setSummary(onScreen ? text(lang, 'checkFields') : f.message || text(lang, 'checkFields'));
      focusFirstError(FIELD_ORDER, placed);
    } else if (f.kind === 'network') {
      setSummary(text(lang, 'network'));
    } else {
      setSummary(f.message || text(lang, 'serverError'));
    }
    summaryRef.current?.focus();
  };

  const req = text(lang, 'required');
  const opt = text(lang, 'optional');
  const err = (path: string) => errors[path];
  const counter = (value: string, max: number) => {
    const left = max - value.trim().length;
    return left >= 0 ? text(lang, 'textLeft', { n: left }) : text(lang, 'textOver', { n: -left });
  };
  const sectorId = fieldId('sector');
  const photosId = fieldId('photos');

  return (
    <form class="k-form" onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        id={fieldId('name')}
        label={text(lang, 'name')}
        mark={req}
        error={err('name')}
        value={draft.name}
        onValue={set('name', 'name')}
        autoComplete="name"
      />
      <TextField
        id={fieldId('mobile')}
        label={text(lang, 'mobile')}
        mark={req}
        hint={text(lang, 'mobileHint')}
        error={err('mobile')}
        value={draft.mobile}
        onValue={set('mobile', 'mobile')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
      />

      <fieldset>
        <legend>{text(lang, 'employerSection')}</legend>
        <TextField
          id={fieldId('employer.name')}
          label={text(lang, 'employerName')}
          mark={req}
          error={err('employer.name')}
          value={draft.employerName}
          onValue={set('employerName', 'employer.name')}
          autoComplete="organization"
        />
        <TextField
          id={fieldId('employer.address')}
          label={text(lang, 'employerAddress')}
          mark={opt}
          error={err('employer.address')}
          value={draft.employerAddress}
          onValue={set('employerAddress', 'employer.address')}
        />
        <TextField
          id={fieldId('employer.creditCode')}
          label={text(lang, 'creditCode')}
          mark={opt}
          hint={text(lang, 'creditCodeHint')}
          error={err('employer.creditCode')}
          value={draft.creditCode}
          onValue={set('creditCode', 'employer.creditCode')}
          autoCapitalize="characters"
          spellcheck={false}
        />
        <FieldShell
          id={fieldId('unitId')}
          label={text(lang, 'unit')}
          mark={req}
          hint={units === null ? text(lang, 'unitsLoading') : undefined}
          error={err('unitId')}
        >
          <select
            id={fieldId('unitId')}
            name="unitId"
            value={draft.unitId}
            onChange={(e) => set('unitId', 'unitId')(e.currentTarget.value)}
            aria-describedby={describedBy(
              fieldId('unitId'),
              units === null ? 'loading' : undefined,
              err('unitId'),
            )}
            aria-invalid={err('unitId') ? true : undefined}
          >
            <option value="">{text(lang, 'unitUnknown')}</option>
            {(units ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
            {/* Until the list arrives the poster's unit stays chosen. */}
            {units === null && draft.unitId !== '' ? (
              <option value={draft.unitId}>{draft.unitId}</option>
            ) : null}
          </select>
        </FieldShell>
      </fieldset>

      <fieldset>
        <legend>{text(lang, 'wageSection')}</legend>
        <div class="k-pair">
          <TextField
            id={fieldId('periodFrom')}
            label={text(lang, 'periodFrom')}
            mark={opt}
            error={err('periodFrom')}
            value={draft.periodFrom}
            onValue={set('periodFrom', 'periodFrom')}
            type="date"
          />
          <TextField
            id={fieldId('periodTo')}
            label={text(lang, 'periodTo')}
            mark={opt}
            error={err('periodTo')}
            value={draft.periodTo}
            onValue={set('periodTo', 'periodTo')}
            type="date"
          />
        </div>
        <TextField
          id={fieldId('owedFen')}
          label={text(lang, 'owed')}
          mark={req}
          hint={text(lang, 'owedHint')}
          error={err('owedFen')}
          value={draft.owedYuan}
          onValue={set('owedYuan', 'owedFen')}
          inputMode="decimal"
        />
        <TextField
          id={fieldId('workersCount')}
          label={text(lang, 'workersCount')}
          mark={req}
          error={err('workersCount')}
          value={draft.workersCount}
          onValue={set('workersCount', 'workersCount')}
          inputMode="numeric"
        />
        <fieldset
          id={sectorId}
          class={err('sector') ? 'k-choices k-invalid' : 'k-choices'}
          tabIndex={-1}
          aria-describedby={err('sector') ? `${sectorId}-error` : undefined}
        >
          <legend>
            {text(lang, 'sector')}
            <span class="k-mark">（{req}）</span>
          </legend>
          {(['construction', 'other'] as const).map((s) => (
            <label key={s} class="k-choice">
              <input
                type="radio"
                name="sector"
                value={s}
                checked={draft.sector === s}
                onChange={() => set('sector', 'sector')(s)}
              />
              <span>{text(lang, s === 'construction' ? 'sectorConstruction' : 'sectorOther')}</span>
            </label>
          ))}
          {err('sector') ? (
            <p id={`${sectorId}-error`} class="k-error">
              {err('sector')}
            </p>
          ) : null}
        </fieldset>
        {draft.sector === 'construction' ? (
          <div class="k-project">
            <TextField
              id={fieldId('project.name')}
              label={text(lang, 'projectName')}
              mark={req}
              error={err('project.name')}
              value={draft.projectName}
              onValue={set('projectName', 'project.name')}
            />
            <TextField
              id={fieldId('project.generalContractor')}
              label={text(lang, 'generalContractor')}
              mark={req}
              hint={text(lang, 'generalContractorHint')}
              error={err('project.generalContractor')}
              value={draft.generalContractor}
              onValue={set('generalContractor', 'project.generalContractor')}
            />
          </div>
        ) : null}
        <TextField
          id={fieldId('description')}
          label={text(lang, 'description')}
          mark={req}
          hint={`${text(lang, 'descriptionHint')} · ${counter(draft.description, TEXT_LIMITS.description)}`}
          error={err('description')}
          value={draft.description}
          onValue={set('description', 'description')}
          multiline
        />
      </fieldset>

      <fieldset
        id={photosId}
        tabIndex={-1}
        aria-describedby={describedBy(photosId, 'hint', err('photos'))}
      >
        <legend>
          {text(lang, 'photos')}
          <span class="k-mark">（{opt}）</span>
        </legend>
        <p id={`${photosId}-hint`} class="k-hint">
          {text(lang, 'photosHint', { max: MAX_PHOTOS })}
        </p>
        {photos.length > 0 ? (
          <ul class="k-photos">
            {photos.map((p, i) => (
              <li key={p.key} class={`k-photo k-photo-${p.state}`}>
                <img src={p.preview} alt={text(lang, 'photoAlt', { n: i + 1 })} />
                {p.state === 'compressing' || p.state === 'uploading' ? (
                  <span class="k-photo-state" role="status">
                    {text(lang, 'photoPreparing')}
                  </span>
                ) : null}
                {p.state === 'failed' ? (
                  <span class="k-photo-state">{text(lang, 'photoFailed')}</span>
                ) : null}
                <button
                  type="button"
                  class="k-secondary"
                  onClick={() => removePhoto(p.key)}
                  aria-label={text(lang, 'removePhoto', { n: i + 1 })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {photos.length < MAX_PHOTOS ? (
          <label class="k-button k-secondary k-file">
            {text(lang, 'addPhoto')}
            <input
              type="file"
              accept="image/*"
              multiple
              onChange={(e) => {
                addPhotos(e.currentTarget.files);
                e.currentTarget.value = '';
                setError('photos', null);
              }}
            />
          </label>
        ) : null}
        {err('photos') ? (
          <p id={`${photosId}-error`} class="k-error">
            {err('photos')}
          </p>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{text(lang, 'otpSection')}</legend>
        <CodeField
          lang={lang}
          purpose="complaint"
          mobile={draft.mobile}
          value={draft.otp}
          onValue={set('otp', 'otp')}
          error={err('otp')}
          onMobileError={(m) => setError('mobile', m)}
        />
      </fieldset>

      <p ref={summaryRef} class="k-summary" role="alert" tabIndex={-1}>
        {summary ?? ''}
      </p>
      <button type="submit" class="k-primary" disabled={sending}>
        {sending ? text(lang, 'submitting') : text(lang, 'submit')}
      </button>
      <p class="k-hint">{text(lang, 'privacy')}</p>
    </form>
  );
}
