import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createSession } from './auth/session';
import { openVaultedDb } from './data/vault/vault';
import { initI18n } from './i18n';
import './styles/app.css';
import './styles/print.css';

async function boot(): Promise<void> {
  await initI18n();
  // Never unlocked at a cold start: App reads the keyring (whose device this is) and shows
  // the lock screen, the sign-in or the PIN choice.
  const { db, vault } = openVaultedDb();
  // Opening the database (slow on a cold start, more so on a cheap phone) starts now,
  // beside the first render and paint, rather than from App's effect after them; App's own
  // load() queues behind this one and finds the database open.
  void vault.load().catch(() => undefined);
  const session = createSession(db, vault, { baseUrl: '' });
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <App services={{ db, session, vault }} />
    </StrictMode>,
  );
}

void boot();
