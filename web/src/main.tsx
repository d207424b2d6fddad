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
