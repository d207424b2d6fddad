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

export interface TripCheckItem {
  key: TripCheckKey;
  ok: boolean;
  zh: string;
  en: string;
}

function mb(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}

/** The end of a China calendar day, as an instant. */
function endOfChinaDay(day: string): number {
  return Date.parse(`${day}T23:59:59.999+08:00`);
}

export function preDepartureCheck(f: TripFacts): TripCheckItem[] {
  const items: TripCheckItem[] = [];
  items.push(
    f.outbox === 0
      ? { key: 'outbox', ok: true, zh: '所有更改已同步', en: 'All changes are synced' }
      : {
          key: 'outbox',
          ok: false,
          zh: `还有 ${f.outbox} 项更改未发送，请联网同步后再出发`,
          en: `${f.outbox} change(s) not sent yet: sync before leaving`,
        },
  );
  items.push(
    f.persisted === true
      ? { key: 'persisted', ok: true, zh: '已获得持久存储', en: 'Persistent storage granted' }
      : {
          key: 'persisted',
          ok: false,
          zh:
            f.persisted === null
              ? '此浏览器无法确认持久存储，空间紧张时离线数据可能被清除'
              : '未获得持久存储：空间紧张时浏览器可能清除离线数据，请将应用添加到主屏幕后重试',
          en:
            f.persisted === null
              ? 'This browser cannot confirm persistent storage; offline data may be evicted'
              : 'Persistent storage not granted: the browser may evict offline data. Install the app and retry',
        },
  );
  if (f.quota === null || f.usage === null) {
    items.push({
      key: 'quota',
      ok: false,
      zh: '无法得知剩余存储空间',
      en: 'Free storage space is unknown',
    });
  } else {
    const free = f.quota - f.usage;
    items.push(
      free >= TRIP_FREE_BYTES
        ? {
            key: 'quota',
            ok: true,
            zh: `存储空间充足（约 ${mb(free)} MB 可用）`,
            en: `Enough storage (about ${mb(free)} MB free)`,
          }
        : {
            key: 'quota',
            ok: false,
            zh: `存储空间不足：仅剩约 ${mb(free)} MB，出差需要至少 ${mb(TRIP_FREE_BYTES)} MB`,
            en: `Not enough storage: about ${mb(free)} MB free, the trip needs ${mb(TRIP_FREE_BYTES)} MB`,
          },
    );
  }
  const tripEnd = endOfChinaDay(f.tripEndsOn);
  if (f.sessionExpiresAt === null) {
    items.push({ key: 'session', ok: false, zh: '未登录', en: 'Not signed in' });
  } else {
    const expires = Date.parse(f.sessionExpiresAt);
    const day = new Date(expires + 8 * 3600_000).toISOString().slice(0, 10);
    items.push(
      expires > tripEnd
        ? {
            key: 'session',
            ok: true,
            zh: `离线登录有效至 ${day}，覆盖整个行程`,
            en: `Offline sign-in valid until ${day}, covering the whole trip`,
          }
        : {
            key: 'session',
            ok: false,
            zh: `离线登录将于 ${day} 过期，早于行程结束（${f.tripEndsOn}），请出发前重新登录`,
            en: `Offline sign-in expires on ${day}, before the trip ends (${f.tripEndsOn}): sign in again before leaving`,
          },
    );
  }
  if (f.clockOffsetMs === null) {
    items.push({
      key: 'clock',
      ok: false,
      zh: '无法连接服务器核对设备时间',
      en: 'Could not reach the server to check the device clock',
    });
  } else {
    const minutes = Math.round(Math.abs(f.clockOffsetMs) / 60_000);
    items.push(
      Math.abs(f.clockOffsetMs) <= CLOCK_TOLERANCE_MS
        ? { key: 'clock', ok: true, zh: '设备时间准确', en: 'Device clock is correct' }
        : {
            key: 'clock',
            ok: false,
            zh: `设备时间与服务器相差约 ${minutes} 分钟，请在系统设置中校准时间`,
            en: `Device clock is about ${minutes} min off the server: correct it in system settings`,
          },
    );
  }
  items.push(
    f.missingCases === 0
      ? {
          key: 'cases',
          ok: true,
          zh: '计划案件已全部下载',
          en: 'All planned cases are on the device',
        }
      : {
          key: 'cases',
          ok: false,
          zh: `还有 ${f.missingCases} 件计划案件未下载到本机`,
          en: `${f.missingCases} planned case(s) are not on the device`,
        },
  );
  items.push(
    f.missingAttachments === 0
      ? { key: 'attachments', ok: true, zh: '附件已全部下载', en: 'All attachments downloaded' }
      : {
          key: 'attachments',
          ok: false,
          zh: `${f.missingAttachments} 个附件未能下载，离线时无法查看`,
          en: `${f.missingAttachments} attachment(s) could not be downloaded and will not open offline`,
        },
  );
  return items;
}

export function readyToLeave(items: readonly TripCheckItem[]): boolean {
  return items.every((i) => i.ok);
}
