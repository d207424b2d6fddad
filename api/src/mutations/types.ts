import type {
  ActionWindow,
  ErrorCode,
  Lang,
  MUTATION_ARGS,
  MutationName,
  PlacedTime,
} from '@anxin/shared';
import type { z } from 'zod';
import type { AppConfig } from '../config/env';
import type { Dialect, Executor } from '../db/schema';
import type { Logger } from '../deps';
import type { Actor, Scope } from '../repositories/scope';

/** What a handler knows about the mutation it applies. `trx` is the mutation's transaction. */
export interface MutationContext {
  trx: Executor;
  dialect: Dialect;
  actor: Actor;
  scope: Scope;
  clientId: string;
  mutationId: string;
  name: MutationName;
  baseVersion: number | undefined;
  now: Date;
  /** Where a time this device gives for something it did may lie (domain/action-time.ts). */
  actionWindow: ActionWindow;
  /**
   * When the action happened: the envelope's `occurredAt` placed in `actionWindow`, or the
   * server's now when the device sent none. The time the shared rules stamp (first action,
   * status moves, mediation and visit times); versions, `updatedAt` and the feed keep `now`,
   * and deadlines run from `receivedAt`.
   */
  occurredAt: string;
  /** The time the device sent and where it was moved to, when it lay outside the window. */
  occurredAtMoved: { sent: string; placed: PlacedTime } | null;
  lang: Lang;
  config: AppConfig;
  log: Logger;
}

export type MutationOutcome =
  | { status: 'applied'; version: number }
  | { status: 'conflict'; version: number; server: unknown; conflictFields: string[] }
  | {
      status: 'rejected';
      code: ErrorCode;
      message: string;
      fields?: Record<string, string>;
      /** Machine-readable details (calendar_missing: {year}). */
      meta?: Record<string, string | number>;
      version?: number;
      server?: unknown;
    };

/**
 * One mutation's server rule. A handler decides first and writes after: it returns
 * `conflict` or `rejected` without having written anything, so those results can be stored
 * for replay in the same transaction without undoing half a change.
 */
export interface MutationHandler<N extends MutationName = MutationName> {
  name: N;
  schema: (typeof MUTATION_ARGS)[N];
  /**
   * Optional pre-validation step on the raw args (e.g. putting stored values behind masks),
   * which may also refuse what can only be judged before that (a value sent unmasked).
   */
  prepare?(
    ctx: MutationContext,
    raw: unknown,
  ): Promise<{ ok: true; args: unknown } | { ok: false; outcome: MutationOutcome }>;
  apply(ctx: MutationContext, args: z.output<(typeof MUTATION_ARGS)[N]>): Promise<MutationOutcome>;
  /**
   * Applying it locks a row every writer of its kind needs (the year's case-number counter).
   * On PostgreSQL the push commits right after it, so the lock is not held through the rest
   * of the batch while every other push that creates a case waits for it.
   */
  locksSharedRow?: true;
  /**
   * It reads nothing of the idempotency log, events or feed but through `wasCreateRejected`,
   * so the push may hold its rows of those tables back and write a run's at once
   * (`applyRun` in services/sync/push.ts): rows of an earlier mutation of the run are not
   * written yet when it runs.
   */
  batchesWrites?: true;
}
