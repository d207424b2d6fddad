import type { Boot } from './app/App';
import { DB_NAME } from './data/db-name';
import { deviceKeyringStore } from './data/vault/raw-keyring';
import { createVault } from './data/vault/vault';

/**
 * Started when the first chunk is evaluated, before React (main.tsx imports this first):
 * the database's open and the keyring's read, which decide the first screen, and the
 * fetch of the rest of the app, which then downloads and compiles while the lock screen
 * renders and evaluates while the PIN is typed.
 */
function startBoot(): Boot {
  const keyring = deviceKeyringStore(DB_NAME);
  // Synchronously, during this evaluation: load()'s read below runs only in a microtask,
  // after the whole chunk (React included) has been evaluated.
  keyring.prepare();
  const vault = createVault(keyring);
  // Read now; App's own load() queues behind this one and finds it done.
  void vault.load().catch(() => undefined);
  const app = import('./app/Opened');
  // Nothing awaits the chunk until App has rendered: a load that fails before then (offline
  // with a broken cache) would be an unhandled rejection in the console and the telemetry.
  // Handled here, it still rejects for App, which shows LoadFailed from this same promise.
  app.catch(() => undefined);
  return { vault, keyring, app };
}

export const boot = startBoot();
