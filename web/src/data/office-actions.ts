import type {
  CaseEvent,
  CaseLinkArgs,
  CaseMergeArgs,
  InsuranceApproveArgs,
  InsurancePaidArgs,
  InsuranceStartArgs,
  VisitNoteArgs,
  VisitPlanArgs,
} from '@anxin/shared';
import { visitNoteArgsSchema } from '@anxin/shared';
import type { Actions } from './actions';
import { type AnxinDB, newId } from './db';
import { DataError } from './errors';
import type { ConflictItem, SessionUser } from './types';

export interface OfficeActionContext {
  user: () => SessionUser | null;
  serverNow: () => number;
}

export type OfficeActions = ReturnType<typeof createOfficeActions>;

/**
 * The office and inspector workspace's writes (issue 6), on the data layer's one write
 * path: each is ONE transaction that queues the mutation in the outbox (and, for a visit
 * note, shows it on the device at once), sent by the sync engine like every other change.
 */
export function createOfficeActions(actions: Actions, ctx: OfficeActionContext) {
  const requireUser = (): SessionUser => {
    const u = ctx.user();
    if (!u) throw new DataError('not_signed_in', 'device.notSignedIn');
    return u;
  };

  return {
    /**
     * Appends a visit note. It shows in the case timeline at once as a local event under the
     * note's own id; the server stores it as the same event, so the pulled copy replaces the
     * local one and nothing is shown twice.
     */
    async recordVisitNote(input: Omit<VisitNoteArgs, 'id'> & { id?: string }): Promise<string> {
      const user = requireUser();
      const id = input.id ?? newId();
      const visitedAt = input.visitedAt ?? new Date(ctx.serverNow()).toISOString();
      const args: VisitNoteArgs = { ...input, id, visitedAt };
      // Validated before the transaction so the local event never shows text the outbox refused.
      const checked = visitNoteArgsSchema.safeParse(args);
      const event: CaseEvent = {
        id,
        caseId: input.caseId,
        at: visitedAt,
        actorId: user.id,
        actorName: user.displayName,
        clientId: null,
        mutationId: null,
        name: 'visit.note',
        changes: [{ field: 'visitNote', from: null, to: { visitedAt, role: user.role } }],
        comment: checked.success ? checked.data.text : input.text,
      };
      await actions.queueMutation('visit.note', args, {
        caseId: input.caseId,
        local: async (db) => {
          if (checked.success) await db.events.put(event);
        },
      });
      return id;
    },

    /** Saves the inspector's whole weekly plan (replaces the previous save of the same id). */
    async saveVisitPlan(plan: VisitPlanArgs): Promise<void> {
      requireUser();
      await actions.queueMutation('visit.plan', plan);
    },

    async linkCases(args: CaseLinkArgs): Promise<void> {
      await actions.queueMutation('case.link', args, { caseId: args.id });
    },

    async mergeCase(args: CaseMergeArgs): Promise<void> {
      await actions.queueMutation('case.merge', args, { caseId: args.id });
    },

    async startInsuranceClaim(input: Omit<InsuranceStartArgs, 'id'>): Promise<string> {
      const id = newId();
      await actions.queueMutation('insurance.start', { ...input, id }, { caseId: input.caseId });
      return id;
    },

    /** Office approval; `caseId` only orders it behind other queued changes of that case. */
    async approveInsuranceClaim(args: InsuranceApproveArgs, caseId: string): Promise<void> {
      await actions.queueMutation('insurance.approve', args, { caseId });
    },

    async recordInsurancePaid(args: InsurancePaidArgs, caseId: string): Promise<void> {
      await actions.queueMutation('insurance.paid', args, { caseId });
    },
  };
}

/** Where a write's delivery stands, by its mutation ids (the outbox and the inbox say it). */
export interface WriteDelivery {
  /** Still in the outbox: not yet answered by the server. */
  pending: number;
  /** Answered and taken: gone from the outbox, not in the inbox. */
  delivered: number;
  /** Answered and not taken: in the conflicts inbox, with the server's reason. */
  refused: ConflictItem[];
}

/**
 * Runs `write` and returns the ids of the mutations it queued: those appended to the outbox
 * after the last one before it (the outbox key only grows). The office's writes are
 * single transactions that do not hand back their mutation ids; a push cannot take them out
 * of the outbox before this read, since the server's answer is a network round trip away.
 */
export async function queuedBy<T>(
  db: AnxinDB,
  write: () => Promise<T>,
): Promise<{ result: T; ids: string[] }> {
  const before = ((await db.outbox.toCollection().last())?.seq ?? 0) as number;
  const result = await write();
  const items = await db.outbox.where(':id').above(before).toArray();
  return { result, ids: items.map((m) => m.id) };
}

/** Where the mutations `ids` stand now (an id in neither table was applied). */
export async function deliveryOf(db: AnxinDB, ids: readonly string[]): Promise<WriteDelivery> {
  if (ids.length === 0) return { pending: 0, delivered: 0, refused: [] };
  // One read transaction: a mutation moving from the outbox to the inbox is seen in one place.
  const [queued, inbox] = await db.transaction('r', [db.outbox, db.conflicts], () =>
    Promise.all([
      db.outbox
        .where('id')
        .anyOf([...ids])
        .count(),
      db.conflicts.bulkGet([...ids]),
    ]),
  );
  const refused = inbox.filter((c): c is ConflictItem => c !== undefined);
  return { pending: queued, delivered: ids.length - queued - refused.length, refused };
}
