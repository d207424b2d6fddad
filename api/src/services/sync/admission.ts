import type { Lang } from '@anxin/shared';
import { t } from '@anxin/shared';
import type { MiddlewareHandler } from 'hono';
import { PUSH_DEFAULTS } from '../../config/env';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../http/context';
import { HttpError } from '../../http/errors';
import { metricsOf } from '../../observability/metrics';

/**
 * Admission control for pushes (docs/decisions/013-push-admission-and-batching.md).
 *
 * When 200 officers reconnect at once, letting every push into the database at the same time
 * only makes them queue on the write lock (SQLite) or the pool (PostgreSQL) while each
 * request's latency grows with the crowd. A few pushes are applied at a time, a short queue
 * absorbs bursts, and everyone beyond it is told to come back shortly (503 + Retry-After),
 * which the client sync engine honours.
 */
export interface AdmissionLimits {
  /** Pushes applied at the same time. */
  concurrency: number;
  /** Pushes allowed to wait for a slot; beyond that the push is refused at once. */
  queue: number;
  /**
   * Longest expected wait for a slot, in ms: a push that would wait longer is refused at
   * once even when the queue has room. How long a queue may be depends on how long a push
   * takes (a batch costs twice as much on PostgreSQL as on SQLite here), so the bound that
   * keeps an admitted push's latency in check is time, not places.
   */
  maxWaitMs?: number;
}

/** Weight of the newest push in the running mean of how long a push holds its slot. */
const SERVICE_TIME_WEIGHT = 0.2;

/** Frees the slot; calling it more than once frees it once. */
export type Release = () => void;

export class Admission {
  private active = 0;
  private readonly waiting: Array<(release: Release) => void> = [];
  /** Running mean of how long a push held its slot, ms; 0 until one has finished. */
  private serviceMs = 0;
  /** When each push holding a slot now got it. */
  private readonly holding = new Set<{ since: number }>();

  constructor(
    readonly limits: AdmissionLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(limits.concurrency >= 1)) throw new Error('push concurrency must be at least 1');
    if (!(limits.queue >= 0)) throw new Error('push queue must be at least 0');
  }

  /** Pushes being applied now and pushes waiting for a slot. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /** How long a push arriving now would wait for a slot, from the pushes ahead of it. */
  expectedWaitMs(): number {
    if (this.active < this.limits.concurrency) return 0;
    return ((this.waiting.length + 1) * this.perPushMs()) / this.limits.concurrency;
  }

  /**
   * How long a push holds its slot: the running mean; until a push has finished (a server
   * just started, its first pushes slow), at least as long as the pushes holding the slots
   * have held them so far. Without that a cold server would queue up to the queue's size
   * whatever the bound says, and those pushes would wait many times the bound.
   */
  private perPushMs(): number {
    if (this.serviceMs > 0) return this.serviceMs;
    const now = this.clock();
    let longest = 0;
    for (const h of this.holding) longest = Math.max(longest, now - h.since);
    return longest;
  }

  /**
   * A slot (now, or once one is free, first come first served), or null when every slot is
   * taken and the queue is full: the caller must refuse the request.
   */
  enter(): Promise<Release> | null {
    if (this.active < this.limits.concurrency) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.queue) return null;
    const { maxWaitMs } = this.limits;
    if (maxWaitMs !== undefined && this.expectedWaitMs() > maxWaitMs) return null;
    return new Promise<Release>((resolve) => this.waiting.push(resolve));
  }

  private releaser(): Release {
    let released = false;
    const slot = { since: this.clock() };
    this.holding.add(slot);
    return () => {
      if (released) return;
      released = true;
      this.holding.delete(slot);
      const held = this.clock() - slot.since;
      this.serviceMs =
        this.serviceMs === 0
          ? held
          : this.serviceMs + SERVICE_TIME_WEIGHT * (held - this.serviceMs);
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer can never overtake it.
      if (next) next(this.releaser());
      else this.active--;
    };
  }
}

/** One admission per app instance (its deps): "per process" in production, per test API in tests. */
const admissions = new WeakMap<AppDeps, Admission>();

export function pushAdmission(deps: AppDeps): Admission {
  let a = admissions.get(deps);
  if (!a) {
    a = new Admission({
      concurrency: deps.config.pushConcurrency ?? PUSH_DEFAULTS.concurrency,
      queue: deps.config.pushQueue ?? PUSH_DEFAULTS.queue,
      maxWaitMs: deps.config.pushMaxWaitMs ?? PUSH_DEFAULTS.maxWaitMs,
    });
    admissions.set(deps, a);
    const admission = a;
    metricsOf(deps).watchAdmission(() => admission.load);
  }
  return a;
}

/**
 * Retry-After in whole seconds, 1–5 at random: 200 devices refused in the same instant come
 * back spread over five seconds instead of all at once again.
 */
export function retryAfterSeconds(random: () => number = Math.random): number {
  return 1 + Math.min(4, Math.floor(random() * 5));
}

export function busyError(lang: Lang, random?: () => number): HttpError {
  return new HttpError('unavailable', t('sync.busy', lang), {
    headers: { 'Retry-After': String(retryAfterSeconds(random)) },
  });
}

/**
 * Takes a push slot once the body has arrived (routes/sync.ts reads it first, in full, with
 * a size cap and a time limit) and before the session lookup, and holds it until the
 * answer is ready, or answers 503 + Retry-After at once when the server is saturated. The
 * slot thus covers database work only: taken before the body read, two clients trickling
 * 1 MB bodies held both slots and every other device's push waited or was refused. Gating
 * after authentication let requests pile up where no limit applies: on SQLite every session
 * lookup waits for the one connection, which a push holds for its whole batch, so the queue
 * formed there (p95 ≈ the whole load test) and no device was ever told to come back later.
 * An unauthenticated request is answered 401 at once and frees its slot.
 */
export function admitPush(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const admission = pushAdmission(deps);
    const entering = admission.enter();
    if (entering === null) {
      deps.log('push.busy', admission.load);
      metricsOf(deps).pushRefused.inc();
      throw busyError(c.get('lang'));
    }
    const release = await entering;
    try {
      await next();
    } finally {
      release();
    }
  };
}
