import type { Role } from '@anxin/shared';
import { seesAllTowns } from '@anxin/shared';

/** Who is asking: the authenticated user as the repositories see it. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  townIds: string[];
}

/** The towns a user may read and change: all of them for office/admin, else their own. */
export type Scope = { all: true } | { all: false; townIds: readonly string[] };

export function scopeOf(actor: Pick<Actor, 'role' | 'townIds'>): Scope {
  return seesAllTowns(actor.role) ? { all: true } : { all: false, townIds: actor.townIds };
}

export function inScope(scope: Scope, townId: string): boolean {
  return scope.all || scope.townIds.includes(townId);
}
