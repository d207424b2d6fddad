// The first imports, so their work starts before React's half a megabyte is evaluated: the
// keyring read opens the database (a cold open of a store holding 50,000 cases takes a few
// hundred ms in the browser's storage process) and the rest of the app's chunk is fetched.
// biome-ignore assist/source/organizeImports: evaluation follows this order; boot goes first.
import { boot } from './boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import './styles/app.css';
import './styles/print.css';

async function start(): Promise<void> {
  await initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  // Never unlocked at a cold start: App shows the lock screen, the sign-in or the PIN choice
  // by what the keyring says.
  createRoot(root).render(
    <StrictMode>
      <App boot={boot} />
    </StrictMode>,
  );
}

void start();
