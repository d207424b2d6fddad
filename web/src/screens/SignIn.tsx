import { type FormEvent, useState } from 'react';
import { useServices } from '../app/services';
import { LangSwitch } from '../components/AppFrame';
import { Notice, TextField } from '../components/Field';
import { useLang, useTranslation } from '../i18n';

function errorText(err: unknown, lang: 'zh' | 'en'): string {
  if (err instanceof Error) {
    const e = err as Error & { messageZh?: string; messageEn?: string };
    if (lang === 'zh' && e.messageZh) return e.messageZh;
    if (lang === 'en' && e.messageEn) return e.messageEn;
    return err.message;
  }
  return String(err);
}

/** Sign in online once; the session then works offline for its lifetime. */
export function SignIn(props: { onSignedIn: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { session } = useServices();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!navigator.onLine) {
      setError(t('signIn.offline'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
      await props.onSignedIn();
    } catch (err) {
      setError(t('signIn.failed', { message: errorText(err, lang) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header className="app-header">
        <div className="title-row">
          <h1>{t('app.name')}</h1>
          <LangSwitch />
        </div>
      </header>
      <main id="main">
        <h2>{t('signIn.title')}</h2>
        <p>{t('signIn.intro')}</p>
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
      </main>
    </>
  );
}
