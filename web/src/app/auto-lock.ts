/**
 * When the app locks by itself (issue 18): after 10 minutes in the background and after 30
 * minutes with no input. A phone left on a company's counter or in a taxi must not show
 * claimants' names and mobiles to whoever picks it up.
 */
export const LOCK_AFTER_HIDDEN_MS = 10 * 60_000;
export const LOCK_AFTER_IDLE_MS = 30 * 60_000;

/** What counts as the officer being there. */
const INPUT_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'scroll'] as const;

type Listening = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface AutoLockEnv {
  document: Listening & { visibilityState: string };
  window: Listening;
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/**
 * Calls `lock` once, when either rule is met; returns the function that stops watching.
 * Timers alone are not trusted: a browser freezes or throttles them in a background tab, so
 * the elapsed time is checked again when the page comes back to the foreground.
 */
export function startAutoLock(lock: () => void, env: Partial<AutoLockEnv> = {}): () => void {
  const doc = env.document ?? document;
  const win = env.window ?? window;
  const now = env.now ?? Date.now;
  const setT = env.setTimeout ?? ((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms));
  const clearT =
    env.clearTimeout ??
    ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>));

  let done = false;
  let lastInput = now();
  let hiddenAt: number | null = doc.visibilityState === 'hidden' ? now() : null;
  let idleTimer: unknown = null;
  let hiddenTimer: unknown = null;

  const stop = () => {
    done = true;
    if (idleTimer !== null) clearT(idleTimer);
    if (hiddenTimer !== null) clearT(hiddenTimer);
    idleTimer = null;
    hiddenTimer = null;
    for (const type of INPUT_EVENTS) win.removeEventListener(type, onInput, listenOpts);
    doc.removeEventListener('visibilitychange', onVisibility);
  };

  const fire = () => {
    if (done) return;
    stop();
    lock();
  };

  // Input only notes the time (scroll fires many times a second); the one idle timer, when
  // it runs out, waits again for whatever is left since the last input.
  const armIdle = (ms: number) => {
    idleTimer = setT(() => {
      idleTimer = null;
      const left = lastInput + LOCK_AFTER_IDLE_MS - now();
      if (left <= 0) fire();
      else armIdle(left);
    }, ms);
  };

  const armHidden = () => {
    if (hiddenTimer !== null) clearT(hiddenTimer);
    hiddenTimer = setT(() => {
      hiddenTimer = null;
      fire();
    }, LOCK_AFTER_HIDDEN_MS);
  };

  function onInput() {
    lastInput = now();
  }

  function onVisibility() {
    if (doc.visibilityState === 'hidden') {
      hiddenAt = now();
      armHidden();
      return;
    }
    const t = now();
    if (hiddenAt !== null && t - hiddenAt >= LOCK_AFTER_HIDDEN_MS) return fire();
    if (t - lastInput >= LOCK_AFTER_IDLE_MS) return fire();
    hiddenAt = null;
    if (hiddenTimer !== null) clearT(hiddenTimer);
    hiddenTimer = null;
  }

  const listenOpts: AddEventListenerOptions = { passive: true, capture: true };
  for (const type of INPUT_EVENTS) win.addEventListener(type, onInput, listenOpts);
  doc.addEventListener('visibilitychange', onVisibility);
  armIdle(LOCK_AFTER_IDLE_MS);
  if (hiddenAt !== null) armHidden();
  return stop;
}
