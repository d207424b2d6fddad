import { MIN_PASSWORD_LENGTH, passwordProblem, t as sharedText } from '@anxin/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useServices } from '../app/services';
import { LoginError, type LoginResult } from '../auth/session';
import { PublicHeader } from '../components/AppFrame';
import { Notice, TextField } from '../components/Field';
import type { WipeReason } from '../data/wipe';
import { useLang, useTranslation } from '../i18n';

function errorText(err: unknown, lang: 'zh' | 'en'): string {
  if (err instanceof LoginError) return err.serverMessage ?? sharedText(err.key, lang, err.params);
  if (err instanceof Error) return err.message;
  return String(err);
}

type PasswordStep = Extract<LoginResult, { kind: 'password_change_required' }>;

/**
 * Why the sign-in screen is shown to someone who was signed in (App passes it): an
 * administrator reset the password, the session expired (the data stays, sealed), or the
 * vault needs the password (no PIN yet, PIN forgotten, 10 wrong PINs).
 */
export type SignInReason =
  | 'password_reset'
  | 'session_expired'
  | 'no_pin'
  | 'pin_forgotten'
  | 'too_many_pins';

const REASON_TEXT = {
  password_reset: 'password.resetByAdmin',
  session_expired: 'signIn.reason.sessionExpired',
  no_pin: 'signIn.reason.noPin',
  pin_forgotten: 'signIn.reason.pinForgotten',
  too_many_pins: 'signIn.reason.tooManyPins',
} as const satisfies Record<SignInReason, string>;

/** Sign in online once; the session then works offline for its lifetime. */
export function SignIn(props: {
  onSignedIn: () => void | Promise<void>;
  reason?: SignInReason | undefined;
  /** Whose device this is (the vault's user): filled in, still editable. */
  username?: string | undefined;
  /** The device just deleted what it held, and why. */
  wiped?: WipeReason | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { session } = useServices();
  const [username, setUsername] = useState(props.username ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<PasswordStep | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!navigator.onLine) {
      setError(t('signIn.offline'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await session.login(username.trim(), password);
      if (result.kind === 'password_change_required') {
        setStep(result);
        return;
      }
      await props.onSignedIn();
    } catch (err) {
      setError(t('signIn.failed', { message: errorText(err, lang) }));
    } finally {
      setBusy(false);
    }
  };

  const restart = (message: string | null) => {
    setStep(null);
    setPassword('');
    setError(message);
  };

  return (
    <>
      <PublicHeader />
      <main id="main">
        {step ? (
          <NewPasswordStep
            step={step}
            username={username.trim()}
            current={password}
            onDone={props.onSignedIn}
            onRestart={restart}
          />
        ) : (
          <>
            <h2>{t('signIn.title')}</h2>
            <p>{t('signIn.intro')}</p>
            {props.wiped && (
              <Notice kind="warn" testId="device-wiped">
                <strong>{t('signIn.wiped.title')}</strong>
                <br />
                {props.wiped === 'no_units'
                  ? t('signIn.wiped.noUnits')
                  : t('signIn.wiped.accountDisabled')}{' '}
                {t('signIn.wiped.contact')}
              </Notice>
            )}
            {props.reason && !error && (
              <Notice kind="warn" testId="sign-in-reason">
                {t(REASON_TEXT[props.reason])}
              </Notice>
            )}
            {error && <Notice kind="error">{error}</Notice>}
            <form onSubmit={(e) => void submit(e)} noValidate data-testid="sign-in-form">
              <TextField
                id="username"
                label={t('signIn.username')}
                value={username}
                onChange={setUsername}
                autoComplete="username"
                required
              />
              <TextField
                id="password"
                label={t('signIn.password')}
                type="password"
                value={password}
                onChange={setPassword}
                autoComplete="current-password"
                required
              />
              <button
                type="submit"
                className="btn primary block"
                disabled={busy || !username || !password}
              >
                {busy ? t('signIn.submitting') : t('signIn.submit')}
              </button>
            </form>
          </>
        )}
      </main>
    </>
  );
}

/**
 * The second step when the password was set by an administrator: nothing is stored on the
 * device until the new one is accepted. The rules are shown as they are met, from the same
 * `passwordProblem` the server applies.
 */
function NewPasswordStep(props: {
  step: PasswordStep;
  username: string;
  current: string;
  onDone: () => void | Promise<void>;
  onRestart: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // The form under the pointer changed entirely: move focus so a screen reader says so.
  useEffect(() => heading.current?.focus(), []);

  const problem = passwordProblem(next, props.username);
  const sameAsCurrent = next !== '' && next === props.current;
  const longEnough = next.length >= MIN_PASSWORD_LENGTH;
  const matches = repeat !== '' && repeat === next;
  const nextError =
    fieldErrors.next ??
    (tried && problem
      ? sharedText(problem, lang)
      : tried && sameAsCurrent
        ? sharedText('password.same', lang)
        : undefined);
  const repeatError = tried && !matches ? t('password.mismatch') : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setError(null);
    if (problem || sameAsCurrent || !matches) return;
    if (!navigator.onLine) {
      setError(t('signIn.offline'));
      return;
    }
    setBusy(true);
    setFieldErrors({});
    try {
      await props.step.changePassword(next, { lang });
      await props.onDone();
    } catch (err) {
      if (err instanceof LoginError && err.code === 'password_change_expired') {
        props.onRestart(errorText(err, lang));
        return;
      }
      if (err instanceof LoginError && err.code === 'rejected') {
        setFieldErrors({ ...err.fields });
        const known = err.fields.next ?? err.fields.current;
        setError(known ? null : errorText(err, lang));
      } else {
        setError(errorText(err, lang));
      }
    } finally {
      setBusy(false);
    }
  };

  // ✓ / ✗ / ○ carry the state in text, not colour alone.
  const rule = (state: 'ok' | 'bad' | 'unknown', text: string) => (
    <li data-state={state}>
      <span aria-hidden="true">{state === 'ok' ? '✓' : state === 'bad' ? '✗' : '○'} </span>
      <span className="visually-hidden">
        {state === 'ok'
          ? t('password.ruleMet')
          : state === 'bad'
            ? t('password.ruleNotMet')
            : t('password.ruleUnknown')}
        {': '}
      </span>
      {text}
    </li>
  );
  const judged = (key: 'password.isUsername' | 'password.common') =>
    !longEnough ? 'unknown' : problem === key ? 'bad' : 'ok';

  return (
    <section aria-labelledby="new-password-title">
      <h2 id="new-password-title" ref={heading} tabIndex={-1}>
        {t('password.title')}
      </h2>
      <p>{t('password.intro', { name: props.step.user.displayName })}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {fieldErrors.current && <Notice kind="error">{fieldErrors.current}</Notice>}
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="new-password-form">
        {/* Lets password managers file the new password under the right account. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={props.username}
          readOnly
          hidden
        />
        <TextField
          id="new-password"
          label={t('password.next')}
          type="password"
          value={next}
          onChange={(v) => {
            setNext(v);
            if (fieldErrors.next) setFieldErrors({});
          }}
          autoComplete="new-password"
          hint={t('password.hint', { min: MIN_PASSWORD_LENGTH })}
          error={nextError}
          required
        />
        <ul
          style={{ listStyle: 'none', padding: 0, margin: '0 0 14px' }}
          aria-live="polite"
          data-testid="password-rules"
        >
          {rule(longEnough ? 'ok' : 'bad', t('password.ruleLength', { min: MIN_PASSWORD_LENGTH }))}
          {rule(judged('password.isUsername'), t('password.ruleNotUsername'))}
          {rule(judged('password.common'), t('password.ruleNotCommon'))}
          {rule(
            next === '' ? 'unknown' : sameAsCurrent ? 'bad' : 'ok',
            t('password.ruleNotCurrent'),
          )}
          {rule(repeat === '' ? 'unknown' : matches ? 'ok' : 'bad', t('password.ruleRepeat'))}
        </ul>
        <TextField
          id="repeat-password"
          label={t('password.repeat')}
          type="password"
          value={repeat}
          onChange={setRepeat}
          autoComplete="new-password"
          error={repeatError}
          required
        />
        <button type="submit" className="btn primary block" disabled={busy}>
          {busy ? t('password.submitting') : t('password.submit')}
        </button>
        <button
          type="button"
          className="btn block"
          style={{ marginTop: 8 }}
          onClick={() => props.onRestart(null)}
        >
          {t('password.back')}
        </button>
      </form>
    </section>
  );
}
