import { type FormEvent, type Ref, useEffect, useRef, useState } from 'react';
import { Notice } from '../components/Field';
import { PublicHeader } from '../components/PublicHeader';
import { isValidPin, PIN_FIRST_WAIT_AT, PIN_FORGET_AT } from '../data/vault/keyring';
import type { Vault, VaultState } from '../data/vault/types';
import { useTranslation } from '../i18n';

// Every cold start opens here, so this file is part of the first screen's JavaScript: no
// library, no Dexie (the vault comes as a prop, not from the app's services, which hold the
// database and load behind this screen), and texts from the first screen's catalogue
// (zh-core `lock`).

/**
 * A six-digit PIN box: a password field that brings up the digit keypad, never offered to
 * a password manager or autofill (it is not the account's password), cut at six digits.
 */
export function PinInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        ref={props.inputRef}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={props.error ? `${props.id}-err` : undefined}
        onChange={(e) => props.onChange(e.target.value.replace(/\D/g, ''))}
      />
      {props.error && (
        <span className="error" id={`${props.id}-err`} role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** mm:ss, for the wait after too many wrong PINs (at most an hour). */
function clock(ms: number): string {
  const secs = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(secs / 60);
  const s = secs % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** The time left before `until` (epoch ms), re-read every second while there is any. */
function useRemaining(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (until === null) return;
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, until - now);
}

type LockedState = Extract<VaultState, { kind: 'locked' }>;

/**
 * The locked device (a cold start, 10 minutes in the background, 30 idle, or 立即锁定): the
 * PIN opens it with no network at all. Wrong PINs are counted by the vault, across reloads;
 * from the fifth each try waits longer, and the tenth drops the PIN (the app then shows the
 * sign-in with the password).
 */
export function LockScreen(props: { state: LockedState; vault: Vault }) {
  const { t } = useTranslation();
  const { vault } = props;
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [wrong, setWrong] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [forgetting, setForgetting] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { failedPins, waitUntil } = props.state;
  const remaining = useRemaining(waitUntil);
  const waiting = remaining > 0;

  useEffect(() => input.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!isValidPin(pin)) {
      setWrong(false);
      setError(t('lock.notSixDigits'));
      return;
    }
    setBusy(true);
    try {
      const r = await vault.unlockWithPin(pin);
      // Unlocked or forgotten: the vault's new state replaces this screen.
      if (!r.ok) setWrong(r.reason === 'wrong');
    } catch (err) {
      setError(t('lock.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  const left =
    failedPins < PIN_FIRST_WAIT_AT
      ? t('lock.triesBeforeWait', { count: PIN_FIRST_WAIT_AT - failedPins })
      : t('lock.triesBeforeForget', { count: PIN_FORGET_AT - failedPins });

  return (
    <>
      <PublicHeader />
      <main id="main" data-testid="lock-screen">
        <h2>{t('lock.greeting', { name: props.state.user.displayName })}</h2>
        <p>{t('lock.intro')}</p>
        {(wrong || failedPins > 0) && !waiting && (
          <Notice kind="error" testId="lock-wrong">
            {wrong && <strong>{t('lock.wrong')}</strong>}
            {wrong && failedPins > 0 && <br />}
            {failedPins > 0 && left}
          </Notice>
        )}
        {waiting && (
          <Notice kind="warn" testId="lock-wait">
            {t('lock.wait', { time: clock(remaining) })}
          </Notice>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="unlock-form">
          <PinInput
            id="unlock-pin"
            label={t('lock.pin')}
            value={pin}
            onChange={setPin}
            error={error ?? undefined}
            inputRef={input}
          />
          <button type="submit" className="btn primary block" disabled={busy || waiting}>
            {busy ? t('lock.unlocking') : t('lock.unlock')}
          </button>
        </form>
        {forgetting ? (
          <Notice kind="warn" testId="forgot-pin-confirm">
            {t('lock.forgotExplain')}
            <div className="row" style={{ marginTop: 8 }}>
              <button type="button" className="btn primary" onClick={() => void vault.forgetPin()}>
                {t('lock.forgotConfirm')}
              </button>
              <button type="button" className="btn" onClick={() => setForgetting(false)}>
                {t('app.cancel')}
              </button>
            </div>
          </Notice>
        ) : (
          <button
            type="button"
            className="btn block"
            style={{ marginTop: 8 }}
            onClick={() => setForgetting(true)}
          >
            {t('lock.forgot')}
          </button>
        )}
      </main>
    </>
  );
}
