import type { EventNote } from '../i18n/event-notes';
import type { MessageKey } from '../i18n/messages';

/**
 * The time an officer did something offline is the device's (offset-corrected) clock, but
 * a device's clock can be wrong or made wrong, and such times end up in agreements, on the
 * timeline and in the 1-3-7 figures. One rule for every device-given time of an action: it
 * stands within [the device's last successful contact with the server − 5 minutes, the
 * server's now]. Outside, it is moved to the nearest edge, and the event says it was.
 * Dates that are not action times have bounds of their own (instalments, wage periods).
 */
export const CONTACT_SLACK_MS = 5 * 60_000;

/** `fromMs` null: no earlier contact is known (seeding, tools); only the future is refused. */
export interface ActionWindow {
  fromMs: number | null;
  toMs: number;
}

export function actionWindow(lastContactMs: number | null, nowMs: number): ActionWindow {
  return {
    fromMs: lastContactMs === null ? null : Math.min(lastContactMs - CONTACT_SLACK_MS, nowMs),
    toMs: nowMs,
  };
}

export interface PlacedTime {
  at: string;
  /** Why the device's time was not used as sent, or null. */
  clamped: 'before_last_contact' | 'in_the_future' | null;
}

/** The device-given instant placed in the window; absent means "now". */
export function placeActionTime(sent: string | undefined, w: ActionWindow): PlacedTime {
  if (sent === undefined) return { at: new Date(w.toMs).toISOString(), clamped: null };
  const ms = Date.parse(sent);
  if (ms > w.toMs) return { at: new Date(w.toMs).toISOString(), clamped: 'in_the_future' };
  if (w.fromMs !== null && ms < w.fromMs) {
    return { at: new Date(w.fromMs).toISOString(), clamped: 'before_last_contact' };
  }
  return { at: new Date(ms).toISOString(), clamped: null };
}

/** Which device-given time a note is about: catalogue keys `time.*`. */
export type ActionTimeKey = Extract<MessageKey, `time.${string}`>;

/**
 * What the event says about a time that was moved: a catalogue note each device reads in
 * its own language and China time (i18n/event-notes.ts).
 */
export function clampedTimeNote(what: ActionTimeKey, sent: string, placed: PlacedTime): EventNote {
  return {
    key: placed.clamped === 'in_the_future' ? 'note.timeInFuture' : 'note.timeBeforeContact',
    params: { what, sentAt: sent, placedAt: placed.at },
  };
}

/** Instalments fall due within this many years of the agreement. */
export const MAX_INSTALMENT_YEARS = 5;

/** Whether a due date lies from the agreement's day up to MAX_INSTALMENT_YEARS after it. */
export function instalmentInRange(dueDate: string, agreementDay: string): boolean {
  const last = `${Number(agreementDay.slice(0, 4)) + MAX_INSTALMENT_YEARS}${agreementDay.slice(4)}`;
  return dueDate >= agreementDay && dueDate <= last;
}

/**
 * Paths (`claimants.0.periodTo`) of wage-period dates after `today` (a China calendar
 * day): wages cannot be owed for work not yet done.
 */
export function futureWagePeriodPaths(
  claimants: ReadonlyArray<{ periodFrom?: string | undefined; periodTo?: string | undefined }>,
  today: string,
  prefix: string,
): string[] {
  const out: string[] = [];
  claimants.forEach((c, i) => {
    if (c.periodFrom !== undefined && c.periodFrom > today) out.push(`${prefix}.${i}.periodFrom`);
    if (c.periodTo !== undefined && c.periodTo > today) out.push(`${prefix}.${i}.periodTo`);
  });
  return out;
}
