import type {
  InstalmentPayment,
  InstalmentRecordArgs,
  Mediation,
  TodayList,
  WorkCalendar,
} from '@anxin/shared';
import { recordInstalment, selectToday, workCalendarOf } from '@anxin/shared';
import type { Actions } from './actions';
import { stripLocal } from './apply';
import type { AnxinDB } from './db';
import { newId } from './db';
import { DataError, refusalError } from './errors';
import type { LocalCase, OutboxItem, SessionUser } from './types';

/**
 * The checks of instalments as this device shows them: the server's (pulled into
 * `instalments`) and the ones made here and not yet accepted (still in the outbox, marked
 * `pending`). A check the server refuses leaves the outbox for the inbox, and so leaves
 * this list too; nothing has to be undone by hand.
 */
export type ShownPayment = InstalmentPayment & { pending: boolean };

function pendingPayment(item: OutboxItem): ShownPayment {
  const a = item.args as InstalmentRecordArgs;
  const { comment, ...rest } = a;
  const p: ShownPayment = {
    ...rest,
    recordedBy: item.actorId,
    recordedAt: item.createdAt,
    version: 0,
    pending: true,
  };
  if (comment) p.comment = comment;
  return p;
}

export async function paymentsOf(db: AnxinDB, caseId?: string): Promise<ShownPayment[]> {
  const [stored, queued] = await Promise.all([
    caseId === undefined
      ? db.instalments.toArray()
      : db.instalments.where('caseId').equals(caseId).toArray(),
    caseId === undefined
      ? db.outbox.filter((m) => m.name === 'instalment.record').toArray()
      : db.outbox
          .where('entityId')
          .equals(caseId)
          .filter((m) => m.name === 'instalment.record')
          .toArray(),
  ]);
  const known = new Set(stored.map((p) => p.id));
  return [
    ...stored.map((p) => ({ ...p, pending: false })),
    ...queued.map(pendingPayment).filter((p) => !known.has(p.id)),
  ];
}

export async function workCalendar(db: AnxinDB): Promise<WorkCalendar> {
  return workCalendarOf(await db.calendars.toArray());
}

/** The officer's today list from what this device holds, at the server's clock. */
export async function loadToday(db: AnxinDB, nowMs: number): Promise<TodayList<LocalCase>> {
  const [cases, mediations, payments, calendar] = await Promise.all([
    db.cases.toArray(),
    db.mediations.toArray(),
    paymentsOf(db),
    workCalendar(db),
  ]);
  return selectToday({ cases, mediations, payments, nowMs, calendar });
}

export type InstalmentInput = Omit<InstalmentRecordArgs, 'id'> & { id?: string };

/**
 * Records one check of one instalment: judged here by the shared rule against the case and
 * agreement this device holds (a refusal is thrown, nothing queued), then queued; the case
 * view is rebuilt over it, so a missed instalment of a closed case shows it back in review
 * at once.
 */
export async function recordInstalmentCheck(
  db: AnxinDB,
  actions: Actions,
  user: SessionUser,
  input: InstalmentInput,
  nowMs: number,
): Promise<string> {
  const id = input.id ?? newId();
  const args: InstalmentRecordArgs = { ...input, id };
  const [row, mediation] = await Promise.all([
    db.cases.get(args.caseId),
    db.mediations.get(args.mediationId),
  ]);
  if (!row) throw new DataError('not_found', 'device.caseNotOnDevice');
  let agreement: Mediation | null = null;
  if (mediation) {
    const { pending: _pending, ...rest } = mediation;
    agreement = rest;
  }
  const made = recordInstalment(
    stripLocal(row),
    agreement,
    args,
    user,
    new Date(nowMs).toISOString(),
  );
  if (!made.ok) throw refusalError(made.refusal);
  await actions.queueMutation('instalment.record', args, { caseId: args.caseId });
  return id;
}
