/** @jsxImportSource preact */
import type { Lang } from '@anxin/shared/i18n/messages';
import { normalizeMobile } from '@anxin/shared/validation/mobile';
import { toHalfWidth } from '@anxin/shared/validation/width';
import { useRef, useState } from 'preact/hooks';
import { call, type Failure, type Rating } from './api';
import { CodeField } from './CodeField';
import { type FieldErrors, mobileProblem, otpProblem } from './complaint';
import { fieldId, focusFirstError, TextField } from './fields';
import { type LookupAnswer, promiseWords, RATINGS, stageDates, stageWords } from './stage';
import { text } from './texts';

function failureText(f: Failure, lang: Lang): string {
  if (f.kind === 'not_found') return text(lang, 'notFound');
  if (f.kind === 'network') return text(lang, 'network');
  if (f.kind === 'limited') return f.message || text(lang, 'serverError');
  return f.message || text(lang, 'serverError');
}

/**
 * 进度查询: case number + mobile + a fresh SMS code → the stage in plain words with its
 * dates and the 1-3-7 promise; once the case is closed, the one-tap rating (which needs a
 * code of its own, codes being single-use).
 */
export function Lookup(props: { lang: Lang; caseNo: string; mobile: string }) {
  const { lang } = props;
  const [caseNo, setCaseNo] = useState(props.caseNo);
  const [mobile, setMobile] = useState(props.mobile);
  const [otp, setOtp] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [answer, setAnswer] = useState<LookupAnswer | null>(null);
  /** The code the lookup used: the server takes it once more for this case's rating. */
  const [usedCode, setUsedCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLElement>(null);

  const setError = (path: string, m: string | null) =>
    setErrors((e) => {
      const { [path]: _old, ...rest } = e;
      return m ? { ...rest, [path]: m } : rest;
    });

  const look = async (e: Event) => {
    e.preventDefault();
    const found: FieldErrors = {};
    const cn = toHalfWidth(caseNo).trim().toUpperCase();
    if (cn === '') found.caseNo = text(lang, 'required');
    const m = mobileProblem(mobile, lang);
    if (m) found.mobile = m;
    const o = otpProblem(otp, lang);
    if (o) found.otp = o;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(['caseNo', 'mobile', 'otp'], found);
      return;
    }
    setBusy(true);
    setMessage(null);
    const code = toHalfWidth(otp).trim();
    const res = await call<LookupAnswer>('POST', '/api/public/lookup', lang, {
      caseNo: cn,
      mobile: normalizeMobile(mobile),
      otp: code,
    });
    setBusy(false);
    setOtp('');
    if (res.ok) {
      setAnswer(res.value);
      setUsedCode(code);
      setTimeout(() => resultRef.current?.focus(), 0);
      return;
    }
    setAnswer(null);
    if (res.failure.kind === 'invalid' && Object.keys(res.failure.fields).length > 0) {
      setErrors(res.failure.fields);
      focusFirstError(['caseNo', 'mobile', 'otp'], res.failure.fields);
    }
    setMessage(failureText(res.failure, lang));
  };

  return (
    <div>
      <form class="k-form" onSubmit={(e) => void look(e)} noValidate>
        <h2>{text(lang, 'lookupTitle')}</h2>
        <TextField
          id={fieldId('caseNo')}
          label={text(lang, 'caseNo')}
          hint={text(lang, 'caseNoHint')}
          error={errors.caseNo}
          value={caseNo}
          onValue={(v) => {
            setCaseNo(v);
            setError('caseNo', null);
          }}
          autoCapitalize="characters"
          spellcheck={false}
        />
        <TextField
          id={fieldId('mobile')}
          label={text(lang, 'mobile')}
          error={errors.mobile}
          value={mobile}
          onValue={(v) => {
            setMobile(v);
            setError('mobile', null);
          }}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
        />
        <CodeField
          lang={lang}
          purpose="lookup"
          mobile={mobile}
          value={otp}
          onValue={(v) => {
            setOtp(v);
            setError('otp', null);
          }}
          error={errors.otp}
          onMobileError={(m) => setError('mobile', m)}
        />
        <p class="k-summary" role="alert">
          {message ?? ''}
        </p>
        <button type="submit" class="k-primary" disabled={busy}>
          {busy ? text(lang, 'looking') : text(lang, 'lookupSubmit')}
        </button>
      </form>
      {answer ? (
        <section class="k-result" ref={resultRef} tabIndex={-1} aria-labelledby="k-stage-title">
          <h2 id="k-stage-title">{text(lang, 'stageTitle')}</h2>
          <p class="k-stage" data-stage={answer.stage}>
            {stageWords(answer, lang)}
          </p>
          <p class="k-hint">
            {text(lang, 'caseNo')}：{answer.caseNo}
          </p>
          <dl class="k-dates">
            {stageDates(answer, lang).map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <p class="k-promise">{promiseWords(answer, lang)}</p>
          {answer.canRate ? (
            <RatingForm
              lang={lang}
              caseNo={answer.caseNo}
              mobile={normalizeMobile(mobile)}
              lookupCode={usedCode}
              onRated={() => setAnswer({ ...answer, canRate: false, rated: true })}
            />
          ) : answer.rated ? (
            <p class="k-status" role="status">
              {text(lang, 'rateThanks')}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/**
 * One tap sends the rating (with the comment, if one was typed first), using the code the
 * lookup just used; only when that code is no longer good (expired, used) does it ask for
 * a new one.
 */
function RatingForm(props: {
  lang: Lang;
  caseNo: string;
  mobile: string;
  lookupCode: string;
  onRated: (rating: Rating) => void;
}) {
  const { lang } = props;
  const [comment, setComment] = useState('');
  const [otp, setOtp] = useState('');
  const [needCode, setNeedCode] = useState(props.lookupCode === '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<Rating | null>(null);

  const send = async (rating: Rating) => {
    if (busy) return;
    const code = needCode ? toHalfWidth(otp).trim() : props.lookupCode;
    if (needCode) {
      const o = otpProblem(otp, lang);
      setErrors(o ? { 'rating-otp': o } : {});
      if (o) {
        focusFirstError(['rating-otp'], { 'rating-otp': o });
        return;
      }
    }
    setBusy(rating);
    setMessage(null);
    const c = comment.trim();
    const res = await call<unknown>('POST', '/api/public/rating', lang, {
      caseNo: props.caseNo,
      mobile: props.mobile,
      otp: code,
      rating,
      ...(c ? { comment: c } : {}),
    });
    setBusy(null);
    if (res.ok) {
      props.onRated(rating);
      return;
    }
    const f = res.failure;
    if (f.kind === 'invalid') {
      const { otp: otpError, ...rest } = f.fields;
      if (otpError) {
        setNeedCode(true);
        setOtp('');
      }
      setErrors({
        ...rest,
        ...(otpError && needCode ? { 'rating-otp': otpError } : {}),
      });
      setMessage(otpError && !needCode ? text(lang, 'rateCodeHint') : failureText(f, lang));
      return;
    }
    setMessage(failureText(f, lang));
  };

  return (
    <div class="k-form k-rating">
      <h3>{text(lang, 'rateTitle')}</h3>
      <TextField
        id={fieldId('comment')}
        label={text(lang, 'rateComment')}
        mark={text(lang, 'optional')}
        error={errors.comment}
        value={comment}
        onValue={setComment}
        multiline
      />
      {needCode ? (
        <CodeField
          lang={lang}
          purpose="lookup"
          path="rating-otp"
          mobile={props.mobile}
          value={otp}
          onValue={setOtp}
          error={errors['rating-otp']}
          onMobileError={() => undefined}
        />
      ) : null}
      <div class="k-rate-row">
        {RATINGS.map(([r, label]) => (
          <button
            key={r}
            type="button"
            class="k-rate"
            disabled={busy !== null}
            onClick={() => void send(r)}
          >
            {text(lang, label)}
          </button>
        ))}
      </div>
      <p class="k-summary" role="alert">
        {message ?? ''}
      </p>
    </div>
  );
}
