// Roles without their zod schemas (schemas/user.ts), for screens that only show or branch on them.

/** officer: own towns; inspector: a set of towns; office: all towns; admin: users and settings. */
export const ROLES = ['officer', 'inspector', 'office', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see every town; the others see only their `townIds`. */
export function seesAllTowns(role: Role): boolean {
  return role === 'office' || role === 'admin';
}
