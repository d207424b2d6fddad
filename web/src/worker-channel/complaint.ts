import { MAX_WORKERS_PER_CASE } from '@anxin/shared/domain/amounts';
import { type Lang, type MessageKey, t } from '@anxin/shared/i18n/messages';
// Types only (erased): the schema module itself would bring zod to the page.
import type { PublicComplaint } from '@anxin/shared/schemas/public';
import { creditCodeError, normalizeCreditCode } from '@anxin/shared/validation/credit-code';
import { isRealDate } from '@anxin/shared/validation/dates';
import { TEXT_LIMITS } from '@anxin/shared/validation/limits';
import { mobileError, normalizeMobile } from '@anxin/shared/validation/mobile';
import { yuanTextError, yuanTextToFen } from '@anxin/shared/validation/money';
import { toHalfWidth } from '@anxin/shared/validation/width';
import { text } from './texts';

/**
 * The complaint form as the worker types it (all text, as inputs give it) and the rules it
 * must pass before it is sent. Zod-free on purpose: the page's whole JavaScript budget is
 * 60 KB, and the server checks the same body with the shared schema anyway; these checks
 * only spare the worker a round trip and say what is wrong next to the field.
 */
export interface ComplaintDraft {
  name: string;
  mobile: string;
  employerName: string;
  employerAddress: string;
  creditCode: string;
  /** '' is "不清楚": the office decides the unit. */
  unitId: string;
  periodFrom: string;
  periodTo: string;
  owedYuan: string;
  workersCount: string;
  sector: '' | 'construction' | 'other';
  projectName: string;
  generalContractor: string;
  description: string;
  otp: string;
}

export const EMPTY_DRAFT: ComplaintDraft = {
  name: '',
  mobile: '',
  employerName: '',
  employerAddress: '',
  creditCode: '',
  unitId: '',
  periodFrom: '',
  periodTo: '',
  owedYuan: '',
  workersCount: '1',
  sector: '',
  projectName: '',
  generalContractor: '',
  description: '',
  otp: '',
};

/**
 * At most this many evidence photos (PUBLIC_PHOTO_LIMITS.perComplaint, which lives beside
 * the zod schemas and so is not imported here; complaint.test.ts keeps the two equal).
 */
export const MAX_PHOTOS = 6;

/** The body of POST /api/public/complaints (docs/api.md), as the shared schema reads it. */
export type ComplaintRequest = PublicComplaint;

/**
 * Field names are the request's own paths ('employer.name', 'project.generalContractor'),
 * so a 400 from the server lands next to the same input as a check made here.
 */
export type FieldErrors = Record<string, string>;

/**
 * Server field messages placed at an input the form has: the schema names a missing
 * project 'project' and a refused photo 'photos.2'; the first message of a place wins.
 */
export function placeServerErrors(fields: Readonly<Record<string, string>>): FieldErrors {
  const placed: FieldErrors = {};
  for (const [path, message] of Object.entries(fields)) {
    const at =
      path === 'project'
        ? 'project.name'
        : path === 'employer'
          ? 'employer.name'
          : path.startsWith('photos.')
            ? 'photos'
            : path;
    placed[at] ??= message;
  }
  return placed;
}

/** What the SMS-code step needs before it may ask for a code. */
export function mobileProblem(raw: string, lang: Lang): string | null {
  const key = raw.trim() === '' ? 'required' : mobileError(raw);
  return key ? t(key, lang) : null;
}

export function otpProblem(raw: string, lang: Lang): string | null {
  return /^\d{6}$/.test(toHalfWidth(raw).trim()) ? null : t('public.otpFormat', lang);
}

function lengthKey(value: string, max: number, required: boolean): MessageKey | null {
  const v = value.trim();
  if (v === '') return required ? 'required' : null;
  return v.length > max ? 'tooLong' : null;
}

/** The whole number typed as a count of workers, or null. */
export function parseWorkersCount(raw: string): number | null {
  const v = toHalfWidth(raw).trim();
  if (!/^\d{1,6}$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= MAX_WORKERS_PER_CASE ? n : null;
}

/** The typed yuan amount in integer fen, only when it is a valid amount above zero. */
export function owedFenOf(raw: string): number | null {
  if (yuanTextError(raw) !== null) return null;
  const fen = yuanTextToFen(raw);
  return fen !== null && fen > 0 ? fen : null;
}

/** Every problem of the draft (the SMS code included), in the page's language. */
export function validateComplaint(d: ComplaintDraft, lang: Lang): FieldErrors {
  const errors: FieldErrors = {};
  const put = (field: string, key: MessageKey | null) => {
    if (key) errors[field] = t(key, lang);
  };
  put('name', lengthKey(d.name, TEXT_LIMITS.personName, true));
  const mobile = mobileProblem(d.mobile, lang);
  if (mobile) errors.mobile = mobile;
  put('employer.name', lengthKey(d.employerName, TEXT_LIMITS.employerName, true));
  put('employer.address', lengthKey(d.employerAddress, TEXT_LIMITS.address, false));
  if (d.creditCode.trim() !== '') put('employer.creditCode', creditCodeError(d.creditCode));
  for (const field of ['periodFrom', 'periodTo'] as const) {
    if (d[field] !== '' && !isRealDate(d[field])) put(field, 'invalid');
  }
  if (
    !errors.periodFrom &&
    !errors.periodTo &&
    d.periodFrom !== '' &&
    d.periodTo !== '' &&
    d.periodTo < d.periodFrom
  ) {
    put('periodTo', 'period.order');
  }
  const owedKey = yuanTextError(d.owedYuan);
  if (owedKey) put('owedFen', owedKey);
  else if (owedFenOf(d.owedYuan) === null) put('owedFen', 'money.notPositive');
  if (parseWorkersCount(d.workersCount) === null) {
    errors.workersCount = text(lang, 'workersInvalid', { max: MAX_WORKERS_PER_CASE });
  }
  if (d.sector === '') put('sector', 'required');
  if (d.sector === 'construction') {
    put('project.name', lengthKey(d.projectName, TEXT_LIMITS.employerName, true));
    put(
      'project.generalContractor',
      lengthKey(d.generalContractor, TEXT_LIMITS.employerName, true),
    );
  }
  put('description', lengthKey(d.description, TEXT_LIMITS.description, true));
  const otp = otpProblem(d.otp, lang);
  if (otp) errors.otp = otp;
  return errors;
}

/**
 * The request for a draft that passed validateComplaint: numbers folded to half-width,
 * money in integer fen, optional fields left out rather than sent empty, and the project
 * only for construction (a factory has no general contractor).
 */
export function complaintRequest(d: ComplaintDraft, photos: readonly string[]): ComplaintRequest {
  const owedFen = owedFenOf(d.owedYuan);
  const workersCount = parseWorkersCount(d.workersCount);
  if (owedFen === null || workersCount === null || d.sector === '') {
    throw new Error('complaintRequest needs a draft that passed validateComplaint');
  }
  const address = d.employerAddress.trim();
  const creditCode = d.creditCode.trim();
  return {
    name: d.name.trim(),
    mobile: normalizeMobile(d.mobile),
    otp: toHalfWidth(d.otp).trim(),
    // Left out for "不清楚": the office decides.
    ...(d.unitId === '' ? {} : { unitId: d.unitId }),
    employer: {
      name: d.employerName.trim(),
      ...(address ? { address } : {}),
      ...(creditCode ? { creditCode: normalizeCreditCode(creditCode) } : {}),
    },
    owedFen,
    workersCount,
    ...(d.periodFrom ? { periodFrom: d.periodFrom } : {}),
    ...(d.periodTo ? { periodTo: d.periodTo } : {}),
    sector: d.sector,
    ...(d.sector === 'construction'
      ? {
          project: {
            name: d.projectName.trim(),
            generalContractor: d.generalContractor.trim(),
          },
        }
      : {}),
    description: d.description.trim(),
    ...(photos.length > 0 ? { photos: [...photos] } : {}),
  };
}
