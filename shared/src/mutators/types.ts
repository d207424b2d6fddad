import type { Role } from '../constants/user';
import type { MessageKey } from '../i18n/messages';

/**
 * Who makes the change, as far as the rule needs to know. Scope (which units a user may
 * touch) is not here: the server enforces it when it loads the row, and a device only
 * holds and offers rows in its user's scope.
 */
export interface MutatorActor {
  id: string;
  role: Role;
}

/**
 * Why a rule refuses a change, as catalogue keys (shared/src/i18n/messages.ts), so the
 * device and the server say it in the same words. `key` absent: the generic "some fields
 * are invalid", with the reason per field in `fields` (paths like `claimants.0.periodTo`).
 */
export interface Refusal {
  code: 'invalid' | 'forbidden' | 'rejected' | 'conflict';
  key?: MessageKey;
  fields?: Record<string, MessageKey>;
}

export type MutatorResult<T> = { ok: true; row: T } | { ok: false; refusal: Refusal };

export function accepted<T>(row: T): MutatorResult<T> {
  return { ok: true, row };
}

export function refused<T>(refusal: Refusal): MutatorResult<T> {
  return { ok: false, refusal };
}

export function invalidFields<T>(fields: Record<string, MessageKey>): MutatorResult<T> {
  return { ok: false, refusal: { code: 'invalid', fields } };
}
