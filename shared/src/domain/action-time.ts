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

/** The timeline's words for a time that was moved, Chinese first. */
export function clampedTimeNote(field: string, sent: string, placed: PlacedTime): string {
  const why = placed.clamped === 'in_the_future' ? '晚于服务器时间' : '早于设备上次联网';
  return `设备提交的${field} ${sent} ${why}，已按 ${placed.at} 记录`;
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
