import type { PushResult } from '@anxin/shared';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppDeps } from '../deps';
import { type SmsOutboxFigures, smsOutboxFigures } from '../repositories/ops-figures';
import { lifecycleOf } from './lifecycle';

/** Longest a scrape waits for the SMS outbox query (see outboxFigures). */
const OUTBOX_WAIT_MS = 500;

/**
 * Prometheus metrics of one app instance (GET /metrics, routes/metrics.ts). One registry
 * per app (per `deps`), like the push admission: tests build many apps in one process and
 * each must count only its own requests. Names and what to alert on: docs/operations.md.
 */
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'anxin_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'anxin_http_request_duration_seconds',
    help: 'Time from receiving a request to its answer, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  readonly pushMutations = new Counter({
    name: 'anxin_push_mutations_total',
    help: 'Pushed mutations answered, by outcome (replayed: a re-sent mutation answered from the idempotency log)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly pushRefused = new Counter({
    name: 'anxin_push_admission_refused_total',
    help: 'Pushes answered 503 + Retry-After because every push slot and the queue were taken',
    registers: [this.registry],
  });

  readonly pullChanges = new Counter({
    name: 'anxin_pull_changes_total',
    help: 'Changes served to devices by pull',
    registers: [this.registry],
  });

  readonly pulls = new Counter({
    name: 'anxin_pulls_total',
    help: 'Pull pages answered',
    registers: [this.registry],
  });

  private admissionLoad: (() => { active: number; waiting: number }) | null = null;
  private processMetrics = false;

  constructor(private readonly deps: AppDeps) {
    const self = this;
    // Every outcome present from the start, so a rate() over it is never of a missing series.
    for (const outcome of ['applied', 'conflict', 'rejected', 'replayed']) {
      this.pushMutations.inc({ outcome }, 0);
    }
    // First, so it is read before this scrape's own outbox query asks the pool for a connection.
    if (deps.dbPool) {
      const pool = deps.dbPool;
      const g = new Gauge({
        name: 'anxin_db_pool_connections',
        help: 'PostgreSQL pool connections by state (in_use, idle, total) and requests waiting for one (waiting)',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const s = pool();
          g.set({ state: 'total' }, s.total);
          g.set({ state: 'idle' }, s.idle);
          g.set({ state: 'in_use' }, s.total - s.idle);
          g.set({ state: 'waiting' }, s.waiting);
        },
      });
    }
    new Gauge({
      name: 'anxin_http_requests_in_flight',
      help: 'Requests being answered now (this scrape included)',
      registers: [this.registry],
      collect() {
        this.set(lifecycleOf(deps).inFlight);
      },
    });
    new Gauge({
      name: 'anxin_push_admission_active',
      help: 'Pushes being applied now (at most PUSH_CONCURRENCY)',
      registers: [this.registry],
      collect() {
        this.set(self.admissionLoad?.().active ?? 0);
      },
    });
    new Gauge({
      name: 'anxin_push_admission_queue_length',
      help: 'Pushes waiting for a push slot (at most PUSH_QUEUE)',
      registers: [this.registry],
      collect() {
        this.set(self.admissionLoad?.().waiting ?? 0);
      },
    });
    const sms = new Gauge({
      name: 'anxin_sms_outbox_messages',
      help: 'SMS outbox by state (queued: not sent yet; due: of those, due now; retrying: failed at least once; failed: given up), from the database',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const f = await self.outboxFigures();
        if (!f) return;
        sms.set({ state: 'queued' }, f.queued);
        sms.set({ state: 'due' }, f.due);
        sms.set({ state: 'retrying' }, f.retrying);
        sms.set({ state: 'failed' }, f.failed);
      },
    });
    new Gauge({
      name: 'anxin_sms_outbox_oldest_queued_age_seconds',
      help: 'Age of the oldest SMS not sent yet (0 when none is waiting)',
      registers: [this.registry],
      async collect() {
        const f = await self.outboxFigures();
        if (!f) return;
        const at = f.oldestQueuedAt ? Date.parse(f.oldestQueuedAt) : Number.NaN;
        this.set(Number.isFinite(at) ? Math.max(0, (deps.now().getTime() - at) / 1000) : 0);
      },
    });
  }

  /**
   * One outbox query per scrape, shared by the gauges that read it. A scrape never waits
   * long for it: on SQLite the query queues behind a push's transaction on the one
   * connection, and monitoring must answer while the server is busy, so after
   * OUTBOX_WAIT_MS the figures of the last query that finished are reported instead.
   */
  private outboxScrape: Promise<SmsOutboxFigures | null> | null = null;
  private lastOutbox: SmsOutboxFigures | null = null;
  private outboxFigures(): Promise<SmsOutboxFigures | null> {
    this.outboxScrape ??= smsOutboxFigures(this.deps.db, this.deps.now().toISOString())
      .then((f) => {
        this.lastOutbox = f;
        return f;
      })
      .catch((err: unknown) => {
        this.deps.log('metrics.outbox.error', { error: String(err) });
        return null;
      })
      .finally(() => {
        this.outboxScrape = null;
      });
    const running = this.outboxScrape;
    return Promise.race([
      running,
      new Promise<SmsOutboxFigures | null>((resolve) => {
        setTimeout(() => resolve(this.lastOutbox), OUTBOX_WAIT_MS).unref();
      }),
    ]);
  }

  /** The push admission of this app reports its load here (services/sync/admission.ts). */
  watchAdmission(load: () => { active: number; waiting: number }): void {
    this.admissionLoad = load;
  }

  /**
   * Process metrics (CPU, memory, GC, event-loop lag as `nodejs_eventloop_lag_*`): for the
   * server process only (main.ts), since they start timers and observers of their own.
   */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  countPush(results: readonly PushResult[], replayed: { has(r: PushResult): boolean }): void {
    for (const r of results) {
      this.pushMutations.inc({ outcome: replayed.has(r) ? 'replayed' : r.status });
    }
  }

  countPull(changes: number): void {
    this.pulls.inc();
    this.pullChanges.inc(changes);
  }

  /** The Prometheus text exposition of everything above. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

const byApp = new WeakMap<AppDeps, AppMetrics>();

export function metricsOf(deps: AppDeps): AppMetrics {
  let m = byApp.get(deps);
  if (!m) {
    m = new AppMetrics(deps);
    byApp.set(deps, m);
  }
  return m;
}
