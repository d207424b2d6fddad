import {
  type CaseStatus,
  type Clock137Input,
  type Clock137Result,
  clock137,
  STATUS_LABELS,
} from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { getMeta, META } from '../data/db';
import { serverNowFrom } from '../data/time';
import { useLang } from '../i18n';
import { useDb } from './services';

/**
 * The server's clock as this device knows it (device time + the offset measured at the last
 * sync or login), ticking every `everyMs`. Deadlines are computed against this, never the
 * bare phone clock.
 */
export function useServerNow(everyMs = 30_000): number {
  const db = useDb();
  const offset = useLiveQuery(() => getMeta<number>(db, META.clockOffsetMs), [db]);
  const [device, setDevice] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setDevice(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return serverNowFrom(offset ?? null, device);
}

export function stageOf(
  // The status too: a closed or transferred case has left the clock however old it is.
  c: Clock137Input,
  nowMs: number,
): Clock137Result | null {
  try {
    return clock137(c, nowMs);
  } catch {
    // A malformed instant from an old record must not take down the whole list.
    return null;
  }
}

export function useStatusLabel(): (s: CaseStatus) => string {
  const lang = useLang();
  return (s) => STATUS_LABELS[s][lang];
}

/** "3 天 4 小时" / "5 小时 10 分钟": how far a deadline is, coarse enough to read at a glance. */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  return { days, hours, minutes };
}
