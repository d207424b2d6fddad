import type { MutationArgs, MutationName } from '../protocol/mutations';
import type { Case } from '../schemas/case';
import { assignCase, createCase, reviewCase, transitionCase, updateCase } from './case';
import { instalmentCaseMove } from './instalment';
import type { MutatorActor, MutatorResult } from './types';

export * from './case';
export * from './instalment';
export * from './mediation';
export * from './types';

type CaseMutator<N extends MutationName> = (
  row: Case | null,
  args: MutationArgs<N>,
  actor: MutatorActor,
  at: string,
) => MutatorResult<Case>;

/**
 * The mutations that change a case row, by name. Others (a mediation record, an attachment,
 * a visit note) add records beside the case and leave its row as it is.
 */
export const CASE_MUTATORS: {
  [N in
    | 'case.create'
    | 'case.update'
    | 'case.transition'
    | 'case.assign'
    | 'case.review'
    | 'instalment.record']: CaseMutator<N>;
} = {
  'case.create': createCase,
  'case.update': updateCase,
  'case.transition': transitionCase,
  'case.assign': assignCase,
  'case.review': reviewCase,
  // Beside its own record, a missed instalment may reopen the case (mutators/instalment.ts).
  'instalment.record': instalmentCaseMove,
};

export type CaseMutationName = keyof typeof CASE_MUTATORS;

export function isCaseMutation(name: MutationName): name is CaseMutationName {
  return Object.hasOwn(CASE_MUTATORS, name);
}

/** Runs the named mutation's rule on a case row (`args` already validated by its schema). */
export function mutateCase(
  name: CaseMutationName,
  row: Case | null,
  args: unknown,
  actor: MutatorActor,
  at: string,
): MutatorResult<Case> {
  return (CASE_MUTATORS[name] as CaseMutator<CaseMutationName>)(
    row,
    args as MutationArgs<CaseMutationName>,
    actor,
    at,
  );
}
