import { randomInt } from 'node:crypto';
import path from 'node:path';
import { chinaDate } from '@anxin/shared/validation/dates';
import { REPO_ROOT } from './env';

export const PHOTO = path.join(REPO_ROOT, 'e2e', 'fixtures', 'site-photo.jpg');

/**
 * A unified social credit code valid in every part: authority 9 with type 1, a numeric
 * region, organisation code MA2E8XK7-1 with its GB 11714 check digit, and a correct GB 32100
 * check character.
 */
export const VALID_CREDIT_CODE = '91330782MA2E8XK71A';

/** Names unique to one run, so "exactly one copy" counts only what this test created. */
export function uniqueEmployer(label: string): string {
  return `义乌市${label}显示器材有限公司-${Date.now().toString(36)}${randomInt(1000)}`;
}

export function uniqueMobile(): string {
  return `139${String(randomInt(10_000_000, 99_999_999))}`;
}

/** A date N days after today (China time), as YYYY-MM-DD. */
export function dateInDays(n: number): string {
  return chinaDate(Date.now() + n * 86_400_000);
}
