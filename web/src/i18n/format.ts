import { chinaDate, chinaDateTime, type Lang } from '@anxin/shared';

/**
 * Dates and times are shown in China time whatever the phone's zone setting: deadlines and
 * agreements are official records of a Chinese city, and a phone set to another zone must
 * not shift a 1-3-7 deadline to another day.
 */
const ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(lang: Lang, kind: 'dateTime' | 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
    const opts: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric' }
        : kind === 'time'
          ? { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }
          : {
              timeZone: ZONE,
              year: 'numeric',
              month: '2-digit',
              day: '2-digit',
              hour: '2-digit',
              minute: '2-digit',
              hour12: false,
            };
    f = new Intl.DateTimeFormat(locale, opts);
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | number): Date | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(value: string | number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  const d = toDate(value);
  return d ? fmt(lang, 'dateTime').format(d) : '—';
}

export function formatDate(value: string | number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  // A bare YYYY-MM-DD is a calendar date, not an instant: pin it to noon China time so no
  // zone conversion moves it to the day before or after.
  const v =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${value}T12:00:00+08:00`
      : value;
  const d = toDate(v);
  return d ? fmt(lang, 'date').format(d) : '—';
}

export function formatTime(value: string | number, lang: Lang): string {
  const d = toDate(value);
  return d ? fmt(lang, 'time').format(d) : '—';
}

/** A datetime-local input value (China time) for an instant, and back. */
export function toLocalInput(ms: number): string {
  return chinaDateTime(ms).replace(' ', 'T');
}

export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(`${value}:00+08:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const counts = new Map<Lang, Intl.NumberFormat>();

/** "1,200": a count with thousands separators (zh-CN and English both group by three). */
export function formatCount(n: number, lang: Lang): string {
  let f = counts.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 0 });
    counts.set(lang, f);
  }
  return f.format(n);
}

export function formatBytes(n: number | null): string | null {
  if (n === null) return null;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** "14:05" for today, the full date and time otherwise: short enough for the sync bar. */
export function formatWhen(value: string, lang: Lang, nowMs: number = Date.now()): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return '—';
  return chinaDate(ms) === chinaDate(nowMs) ? formatTime(ms, lang) : formatDateTime(ms, lang);
}

/** Moves keyboard and screen-reader focus to the first field flagged invalid. */
export function focusFirstInvalid(): void {
  window.setTimeout(() => {
    document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus();
  }, 0);
}
