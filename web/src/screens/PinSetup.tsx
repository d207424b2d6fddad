import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useServices } from '../app/services';
import { PublicHeader } from '../components/AppFrame';
import { Notice } from '../components/Field';
import { isValidPin } from '../data/vault/keyring';
import { useTranslation } from '../i18n';
import { PinInput } from './LockScreen';

interface Errors {
  current?: string;
  pin?: string;
  repeat?: string;
}

/**
 * The PIN form: a new PIN twice, and in `change` mode the current one first. The current
 * PIN is checked with `unlockWithPin`, which counts a wrong one like the lock screen does,
 * so this form cannot be used to try PINs without limit on an unlocked phone.
 */
export function PinForm(props: { mode: 'setup' | 'change'; onDone?: () => void }) {
  const { t } = useTranslation();
  const { vault } = useServices();
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = props.mode === 'change';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const next: Errors = {};
    if (change && !isValidPin(current)) next.current = t('pin.notSixDigits');
    if (!isValidPin(pin)) next.pin = t('pin.notSixDigits');
    else if (repeat !== pin) next.repeat = t('pin.mismatch');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      if (change) {
        const r = await vault.unlockWithPin(current);
        if (!r.ok) {
          setCurrent('');
          if (r.reason === 'forgotten') {
            // Ten wrong PINs on an unlocked phone: the PIN is gone; lock, so the password
            // is asked for (the app shows the sign-in).
            vault.lock();
            return;
          }
          setErrors({ current: t('pin.currentWrong') });
          return;
        }
      }
      await vault.setPin(pin);
      setCurrent('');
      setPin('');
      setRepeat('');
      props.onDone?.();
    } catch (err) {
      setFailure(t('pin.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="pin-form">
      {failure && <Notice kind="error">{failure}</Notice>}
      {change && (
        <PinInput
          id="pin-current"
          label={t('pin.current')}
          value={current}
          onChange={setCurrent}
          error={errors.current}
        />
      )}
      <PinInput
        id={change ? 'pin-new' : 'pin-choose'}
        label={t('pin.pin')}
        value={pin}
        onChange={setPin}
        error={errors.pin}
      />
      <PinInput
        id={change ? 'pin-new-repeat' : 'pin-choose-repeat'}
        label={t('pin.repeat')}
        value={repeat}
        onChange={setRepeat}
        error={errors.repeat}
      />
      <button type="submit" className="btn primary block" disabled={busy}>
        {busy ? t('pin.submitting') : t('pin.submit')}
      </button>
    </form>
  );
}

/**
 * Right after a password sign-in, before anything else: the officer chooses the PIN that
 * opens this device from then on (the vault then reports `hasPin` and the app opens).
 */
export function PinSetup() {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  // The sign-in form just went away: tell a screen reader what replaced it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <PublicHeader />
      <main id="main" data-testid="pin-setup">
        <h2 ref={heading} tabIndex={-1}>
          {t('pin.title')}
        </h2>
        <p>{t('pin.intro')}</p>
        <p>{t('pin.autoLock')}</p>
        <PinForm mode="setup" />
      </main>
    </>
  );
}
