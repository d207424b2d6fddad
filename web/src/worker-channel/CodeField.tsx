/** @jsxImportSource preact */
import type { Lang } from '@anxin/shared/i18n/messages';
import { normalizeMobile } from '@anxin/shared/validation/mobile';
import { useEffect, useState } from 'preact/hooks';
import { call, type OtpPurpose } from './api';
import { mobileProblem } from './complaint';
import { describedBy, fieldId } from './fields';
import { text, waitText } from './texts';

/** A new code may be asked for after this long; the server's own limits still apply. */
const RESEND_SECONDS = 60;

/**
 * The 6-digit SMS code: 获取验证码 asks the server to text one to the mobile typed above,
 * then counts down before another may be asked for. A 429 says how long to wait (the
 * server's Retry-After) and counts that down instead.
 */
export function CodeField(props: {
  lang: Lang;
  purpose: OtpPurpose;
  mobile: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  /** The mobile field's problem, shown there when the worker asks for a code too early. */
  onMobileError: (message: string | null) => void;
  /** Field id suffix, so two code fields on one page (lookup, rating) keep apart. */
  path?: string;
}) {
  const { lang } = props;
  const id = fieldId(props.path ?? 'otp');
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [status, setStatus] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const left = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  useEffect(() => {
    if (waitUntil <= Date.now()) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);

  const ask = async () => {
    const problem = mobileProblem(props.mobile, lang);
    props.onMobileError(problem);
    if (problem) {
      setStatus(text(lang, 'mobileFirst'));
      return;
    }
    setSending(true);
    setStatus(null);
    const res = await call<unknown>('POST', '/api/public/otp', lang, {
      mobile: normalizeMobile(props.mobile),
      purpose: props.purpose,
    });
    setSending(false);
    const at = Date.now();
    setNow(at);
    if (res.ok) {
      setWaitUntil(at + RESEND_SECONDS * 1000);
      setStatus(text(lang, 'codeSent'));
      return;
    }
    const f = res.failure;
    if (f.kind === 'limited') {
      setWaitUntil(at + f.retryAfterSeconds * 1000);
      setStatus(text(lang, 'rateLimited', { wait: waitText(lang, f.retryAfterSeconds) }));
    } else if (f.kind === 'invalid') {
      const mobileMessage = f.fields.mobile;
      if (mobileMessage) props.onMobileError(mobileMessage);
      setStatus(mobileMessage ?? f.message);
    } else if (f.kind === 'network') {
      setStatus(text(lang, 'network'));
    } else {
      setStatus(f.message || text(lang, 'serverError'));
    }
  };

  const hint = text(lang, 'otpHint');
  return (
    <div class={props.error ? 'k-field k-invalid' : 'k-field'}>
      <label for={id}>{text(lang, 'otp')}</label>
      <p id={`${id}-hint`} class="k-hint">
        {hint}
      </p>
      <div class="k-code-row">
        <input
          id={id}
          name={id}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          aria-describedby={[describedBy(id, hint, props.error), `${id}-status`]
            .filter(Boolean)
            .join(' ')}
          aria-invalid={props.error ? true : undefined}
        />
        <button
          type="button"
          class="k-secondary"
          disabled={sending || left > 0}
          onClick={() => void ask()}
        >
          {left > 0 ? text(lang, 'resendIn', { s: left }) : text(lang, 'getCode')}
        </button>
      </div>
      <p id={`${id}-status`} class="k-status" role="status">
        {status ?? ''}
      </p>
      {props.error ? (
        <p id={`${id}-error`} class="k-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
