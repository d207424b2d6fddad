/** 'YYYY-MM-DD' naming a day that exists in the proleptic Gregorian calendar. */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** ISO 8601 instant with an explicit offset (Z or ±hh:mm), as the server and devices send. */
export function isIsoInstant(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    return false;
  }
  return isRealDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/** China is UTC+8 all year (no daylight saving): every China calendar rule adds this. */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar day in China (UTC+8, no daylight saving) at an instant. */
export function chinaDate(instantMs: number): string {
  return new Date(instantMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm' in China at an instant: what a reader of a sheet or a letter expects. */
export function chinaDateTime(instantMs: number): string {
  return new Date(instantMs + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant a China calendar day ('YYYY-MM-DD') begins, in ms since the epoch. */
export function chinaDayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS;
}
