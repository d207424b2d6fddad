import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createSession } from './auth/session';
import { openDb } from './data/db';
import { initI18n } from './i18n';
import './styles/app.css';
import './styles/print.css';

async function boot(): Promise<void> {
  await initI18n();
  const db = openDb();
  const session = createSession(db, { baseUrl: '' });
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <App services={{ db, session }} />
    </StrictMode>,
  );
}

void boot();
