/**
 * Runs `fn` once the browser has painted what is on screen now (a requestAnimationFrame
 * callback runs just before a paint; the task it queues, after it), then once the main
 * thread is idle. Returns a cancel.
 */
export function afterPaintThenIdle(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  let done = false;
  const cancel = () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
  const run = () => {
    if (done) return;
    cancel();
    fn();
  };
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function')
        idle = requestIdleCallback(run, { timeout: 500 });
      else run();
    }, 0);
  });
  // A tab opened in the background paints no frame: what waits here must not wait for the
  // officer to show it (the engine answers the service worker's Background Sync).
  const fallback = setTimeout(run, 1000);
  return cancel;
}

let firstScreenShown = false;
const firstScreenWaiters = new Set<() => void>();

/**
 * Said by the officer's first screen (the case list) once its first rows are painted: what
 * waits for it (the sync engine's loading and first reads) would otherwise compete with that
 * page for the main thread and the storage backend, at the moment a cold start is judged.
 */
export function firstScreenPainted(): void {
  if (firstScreenShown) return;
  firstScreenShown = true;
  for (const w of [...firstScreenWaiters]) w();
  firstScreenWaiters.clear();
}

/**
 * Runs `fn` once the first screen has said it is painted, or after `fallbackMs` (a first
 * screen that never says so: an error, another screen opened first). Returns a cancel.
 */
export function afterFirstScreen(fn: () => void, fallbackMs: number): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    cancel();
    fn();
  };
  const timer = setTimeout(run, fallbackMs);
  const cancel = () => {
    done = true;
    clearTimeout(timer);
    firstScreenWaiters.delete(run);
  };
  if (firstScreenShown) queueMicrotask(run);
  else firstScreenWaiters.add(run);
  return cancel;
}
