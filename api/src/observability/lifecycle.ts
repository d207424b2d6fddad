import type { AppDeps } from '../deps';

/**
 * Where one app instance is in its life: readiness says 503 once it drains (SIGTERM), so a
 * load balancer stops sending it work while it finishes what it has (main.ts).
 */
export interface Lifecycle {
  draining: boolean;
  /** Requests being answered now (observability/request.ts counts them). */
  inFlight: number;
}

const byApp = new WeakMap<AppDeps, Lifecycle>();

export function lifecycleOf(deps: AppDeps): Lifecycle {
  let l = byApp.get(deps);
  if (!l) {
    l = { draining: false, inFlight: 0 };
    byApp.set(deps, l);
  }
  return l;
}

/** Resolves once no request is being answered, or after `timeoutMs`; says which. */
export async function idle(deps: AppDeps, timeoutMs: number): Promise<boolean> {
  const l = lifecycleOf(deps);
  const deadline = Date.now() + timeoutMs;
  while (l.inFlight > 0) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
