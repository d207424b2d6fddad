import { chinaDate, chinaDayStartMs } from '@anxin/shared';

/**
 * The pre-departure check before an inspector leaves for the towns: every condition under
 * which the device could lose work or fail offline, said plainly. Pure, so it is tested
 * without a browser; the screen gathers the facts.
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;
/** Room for a trip's photos and signatures (≈ 60 compressed photos) beyond what is stored. */
export const TRIP_FREE_BYTES = 50 * 1024 * 1024;

export interface TripFacts {
  /** Unsent changes on the device. */
  outbox: number;
  /** null: the browser cannot say (no Storage API). */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
  /** When the offline session ends (ISO), null when signed out. */
  sessionExpiresAt: string | null;
  /** The last planned day of the trip, 'YYYY-MM-DD' China time. */
  tripEndsOn: string;
  /** server time − device time, measured just now; null when the server could not be reached. */
  clockOffsetMs: number | null;
  /** Planned cases not on the device. */
  missingCases: number;
  /** Attachments of planned cases that could not be downloaded. */
  missingAttachments: number;
}

export type TripCheckKey =
  | 'outbox'
  | 'persisted'
  | 'quota'
  | 'session'
  | 'clock'
  | 'cases'
  | 'attachments';

/** A text of the inspector catalogue's `check` section (i18n/inspector-zh.ts). */
export type TripCheckText =
  | 'outboxOk'
  | 'outboxPending'
  | 'persistedOk'
  | 'persistedUnknown'
  | 'persistedDenied'
  | 'quotaUnknown'
  | 'quotaOk'
  | 'quotaLow'
  | 'signedOut'
  | 'sessionOk'
  | 'sessionEnds'
  | 'clockUnreachable'
  | 'clockOk'
  | 'clockOff'
  | 'casesOk'
  | 'casesMissing'
  | 'attachmentsOk'
  | 'attachmentsMissing';

/** One condition, said by the screen in its language: a text key and what fills it in. */
export interface TripCheckItem {
  key: TripCheckKey;
  ok: boolean;
  text: TripCheckText;
  params?: Record<string, string | number>;
}

function mb(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}

/** The end of a China calendar day, as an instant. */
function endOfChinaDay(day: string): number {
  return chinaDayStartMs(day) + 86_400_000 - 1;
}

export function preDepartureCheck(f: TripFacts): TripCheckItem[] {
  const items: TripCheckItem[] = [];
  items.push(
    f.outbox === 0
      ? { key: 'outbox', ok: true, text: 'outboxOk' }
      : { key: 'outbox', ok: false, text: 'outboxPending', params: { count: f.outbox } },
  );
  items.push(
    f.persisted === true
      ? { key: 'persisted', ok: true, text: 'persistedOk' }
      : {
          key: 'persisted',
          ok: false,
          text: f.persisted === null ? 'persistedUnknown' : 'persistedDenied',
        },
  );
  if (f.quota === null || f.usage === null) {
    items.push({ key: 'quota', ok: false, text: 'quotaUnknown' });
  } else {
    const free = mb(f.quota - f.usage);
    items.push(
      f.quota - f.usage >= TRIP_FREE_BYTES
        ? { key: 'quota', ok: true, text: 'quotaOk', params: { free } }
        : {
            key: 'quota',
            ok: false,
            text: 'quotaLow',
            params: { free, needed: mb(TRIP_FREE_BYTES) },
          },
    );
  }
  const tripEnd = endOfChinaDay(f.tripEndsOn);
  if (f.sessionExpiresAt === null) {
    items.push({ key: 'session', ok: false, text: 'signedOut' });
  } else {
    const expires = Date.parse(f.sessionExpiresAt);
    const day = chinaDate(expires);
    items.push(
      expires > tripEnd
        ? { key: 'session', ok: true, text: 'sessionOk', params: { day } }
        : {
            key: 'session',
            ok: false,
            text: 'sessionEnds',
            params: { day, tripEndsOn: f.tripEndsOn },
          },
    );
  }
  if (f.clockOffsetMs === null) {
    items.push({ key: 'clock', ok: false, text: 'clockUnreachable' });
  } else {
    const minutes = Math.round(Math.abs(f.clockOffsetMs) / 60_000);
    items.push(
      Math.abs(f.clockOffsetMs) <= CLOCK_TOLERANCE_MS
        ? { key: 'clock', ok: true, text: 'clockOk' }
        : { key: 'clock', ok: false, text: 'clockOff', params: { minutes } },
    );
  }
  items.push(
    f.missingCases === 0
      ? { key: 'cases', ok: true, text: 'casesOk' }
      : { key: 'cases', ok: false, text: 'casesMissing', params: { count: f.missingCases } },
  );
  items.push(
    f.missingAttachments === 0
      ? { key: 'attachments', ok: true, text: 'attachmentsOk' }
      : {
          key: 'attachments',
          ok: false,
          text: 'attachmentsMissing',
          params: { count: f.missingAttachments },
        },
  );
  return items;
}

export function readyToLeave(items: readonly TripCheckItem[]): boolean {
  return items.every((i) => i.ok);
}
