import type { CaseCreateArgs } from '@anxin/shared';
import {
  claimant,
  description,
  employer,
  int,
  pick,
  prng,
  type Rand,
} from '../../api/src/services/seed/generators';

const SOURCES = ['qr_form', 'hotline_110', 'petition', 'walk_in', 'on_site'] as const;

/**
 * Realistic case.create args, deterministic per seed: the demo seed's own generators (valid
 * credit codes and resident IDs, Chinese names, addresses), one to three claimants. As
 * pulled (server fields, masking, JSON) a case is about 1 KB, like the issue asks.
 */
export function caseArgs(
  rand: Rand,
  id: string,
  townId: string,
  receivedAtMs: number,
): CaseCreateArgs {
  const n = rand() < 0.7 ? 1 : int(rand, 2, 3);
  const claimants = Array.from({ length: n }, () => claimant(rand, rand() < 0.8));
  return {
    id,
    townId,
    source: pick(rand, SOURCES),
    employer: employer(rand),
    claimants,
    workersCount: n + (rand() < 0.2 ? int(rand, 1, 10) : 0),
    description: `${description(rand)}${description(rand)}`,
    receivedAt: new Date(receivedAtMs).toISOString(),
  };
}

/** `count` case.create args for one town, received over the last 30 days. */
export function makeCases(
  count: number,
  townId: string,
  prefix: string,
  seed = 20261123,
): CaseCreateArgs[] {
  const rand = prng(seed);
  const now = Date.now();
  return Array.from({ length: count }, (_, i) =>
    caseArgs(
      rand,
      `${prefix}-${String(i).padStart(6, '0')}`,
      townId,
      now - 3_600_000 - Math.floor(rand() * 30 * 86_400_000),
    ),
  );
}
