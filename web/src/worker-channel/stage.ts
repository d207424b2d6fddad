import type { Lang } from '@anxin/shared/i18n/messages';
// Types only (erased): the schema module itself would bring zod to the page.
import type { PublicLookupAnswer, PublicStage } from '@anxin/shared/schemas/public';
import { chinaDateTime } from '@anxin/shared/validation/dates';
import type { Rating } from './api';
import { type TextKey, text } from './texts';

export type LookupAnswer = PublicLookupAnswer;

const STAGE_TEXT: Record<PublicStage, TextKey> = {
  received: 'stageReceived',
  dispatched: 'stageDispatched',
  in_progress: 'stageInProgress',
  resolved: 'stageResolved',
  arbitration: 'stageTransferred',
  insurance: 'stageInsurance',
  closed: 'stageClosed',
};

const STEP_TEXT: Record<PublicStage, TextKey> = {
  received: 'dateReceived',
  dispatched: 'dateDispatched',
  in_progress: 'dateInProgress',
  resolved: 'dateResolved',
  arbitration: 'dateTransferred',
  insurance: 'dateInsurance',
  closed: 'dateClosed',
};

/** The stage in plain words (受理 → 已派发到 XX街道 → 处理中 → 已化解/已转仲裁/保险垫付). */
export function stageWords(
  answer: { stage: string; unitName?: string | null | undefined },
  lang: Lang,
): string {
  if (answer.stage === 'dispatched') {
    return answer.unitName
      ? text(lang, 'stageDispatched', { unit: answer.unitName })
      : text(lang, 'stageDispatchedNoUnit');
  }
  return text(lang, STAGE_TEXT[answer.stage as PublicStage] ?? 'stageOther');
}

function chinaTime(iso: string): string | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : chinaDateTime(ms);
}

/** Each step the case has passed, oldest first, in China time ('2026-12-02 09:30'). */
export function stageDates(
  answer: Pick<LookupAnswer, 'steps' | 'insuranceDueDate'>,
  lang: Lang,
): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const step of answer.steps) {
    const at = chinaTime(step.at);
    const label = STEP_TEXT[step.stage];
    if (at && label) rows.push([text(lang, label), at]);
  }
  if (answer.insuranceDueDate) rows.push([text(lang, 'insuranceDue'), answer.insuranceDueDate]);
  return rows;
}

/** The 1-3-7 promise with this case's own dates: first action by, settled by. */
export function promiseWords(answer: Pick<LookupAnswer, 'promise'>, lang: Lang): string {
  const first = chinaTime(answer.promise.firstActionBy);
  const resolve = chinaTime(answer.promise.resolveBy);
  return first && resolve
    ? text(lang, 'promiseDates', { first, resolve })
    : text(lang, 'promise137');
}

export const RATINGS: ReadonlyArray<[Rating, TextKey]> = [
  ['satisfied', 'rateSatisfied'],
  ['mostly', 'rateMostly'],
  ['unsatisfied', 'rateUnsatisfied'],
];
