import type { Case, Claimant, Employer } from '../schemas/case';
import type { CaseEvent } from '../schemas/case-event';
import type { Mediation } from '../schemas/mediation';
import type { Role } from '../schemas/user';
import { maskMobile } from '../validation/mobile';
import { maskResidentId } from '../validation/resident-id';

/**
 * Personal data rules, in one place for reads, pull, push answers and events:
 *
 * | view   | claimant mobile                       | resident ID number | employer phone |
 * |--------|---------------------------------------|--------------------|----------------|
 * | list   | masked for everyone                   | masked             | masked         |
 * | detail | full for officer/inspector/office     | masked (1)         | full           |
 * | pull   | same as detail (officers phone workers offline) | masked (1) | full          |
 *
 * The parties named on a mediation agreement (ID number and phone confirmed at the
 * mediation) are in full in pull for officer/inspector/office — the device prints the
 * agreement offline — and masked in detail reads (`maskMediation`).
 *
 * admin manages users and settings and never needs a worker's number: masked everywhere.
 * (1) The full ID number is shown only through GET /api/cases/:id?reveal=idNumber, for
 * office and admin, and every such view is written to the case's audit trail. Officers
 * check identity against the physical card on site, so they never need the stored number.
 */
export type MaskView = 'list' | 'detail' | 'pull';

export function seesFullMobile(role: Role, view: MaskView): boolean {
  return view !== 'list' && role !== 'admin';
}

function maskClaimant(c: Claimant, fullMobile: boolean, fullId: boolean): Claimant {
  const out: Claimant = { ...c, mobile: fullMobile ? c.mobile : maskMobile(c.mobile) };
  if (c.idNumber !== undefined && !fullId) out.idNumber = maskResidentId(c.idNumber);
  return out;
}

function maskEmployer(e: Employer, view: MaskView): Employer {
  if (view !== 'list' || e.contactPhone === undefined) return e;
  return { ...e, contactPhone: maskMobile(e.contactPhone) };
}

export function maskCase(
  c: Case,
  role: Role,
  view: MaskView,
  opts: { revealIdNumber?: boolean } = {},
): Case {
  const fullMobile = seesFullMobile(role, view);
  const fullId = opts.revealIdNumber === true;
  return {
    ...c,
    employer: maskEmployer(c.employer, view),
    claimants: c.claimants.map((cl) => maskClaimant(cl, fullMobile, fullId)),
  };
}

/**
 * The parties an agreement names, with the ID numbers and phones confirmed at the mediation:
 * in full only where the agreement is printed — the devices of the roles that work the case
 * (pull) — and masked in every other view (server reads, admin).
 */
export function maskMediation(m: Mediation, role: Role, view: MaskView): Mediation {
  if (!m.parties) return m;
  const prints = view === 'pull' && role !== 'admin';
  if (prints) return m;
  const fullPhone = seesFullMobile(role, view);
  return {
    ...m,
    parties: m.parties.map((p) => ({
      ...p,
      ...(p.idNumber !== undefined ? { idNumber: maskResidentId(p.idNumber) } : {}),
      ...(p.phone !== undefined && !fullPhone ? { phone: maskMobile(p.phone) } : {}),
    })),
  };
}

function isClaimantList(v: unknown): v is Claimant[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && 'mobile' in x);
}

/** Events carry old → new values, so the same rules apply to what they show. */
export function maskEvent(e: CaseEvent, role: Role, view: MaskView): CaseEvent {
  const fullMobile = seesFullMobile(role, view);
  return {
    ...e,
    changes: e.changes.map((ch) => {
      if (ch.field !== 'claimants') return ch;
      return {
        field: ch.field,
        from: isClaimantList(ch.from)
          ? ch.from.map((c) => maskClaimant(c, fullMobile, false))
          : ch.from,
        to: isClaimantList(ch.to) ? ch.to.map((c) => maskClaimant(c, fullMobile, false)) : ch.to,
      };
    }),
  };
}

/** Whether a role ever sees this claimant field in full on a device (pull) or in detail. */
export function seesFullClaimantField(role: Role, field: 'idNumber' | 'mobile'): boolean {
  return field === 'mobile' ? seesFullMobile(role, 'pull') : false;
}

/**
 * Where a patch sends a claimant number IN FULL that the caller only ever sees masked, on a
 * claimant that already has one on file (same position, or any whose mask it matches), the
 * paths of those values. Such a patch is refused whatever the value — equal or not — so the
 * answer can never tell a guess from the stored number (a conflict/no-change oracle).
 */
export function unmaskedOverwrites(
  patchClaimants: unknown,
  stored: readonly Claimant[],
  role: Role,
): string[] {
  if (!Array.isArray(patchClaimants)) return [];
  const out: string[] = [];
  const masks = { idNumber: maskResidentId, mobile: maskMobile } as const;
  patchClaimants.forEach((raw: unknown, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const c = raw as Record<string, unknown>;
    for (const field of ['idNumber', 'mobile'] as const) {
      if (seesFullClaimantField(role, field)) continue;
      const value = c[field];
      if (typeof value !== 'string' || value.includes('*') || value.trim() === '') continue;
      const mask = masks[field];
      const typed = mask(value.trim().toUpperCase());
      const onFile =
        stored[index]?.[field] !== undefined ||
        stored.some((s) => s[field] !== undefined && mask(s[field]!) === typed);
      if (onFile) out.push(`patch.claimants.${index}.${field}`);
    }
  });
  return out;
}

/** The claimants as `role` sees them on a device: what a comparison may look at. */
export function claimantsAsSeenBy(claimants: readonly Claimant[], role: Role): Claimant[] {
  const fullMobile = seesFullMobile(role, 'pull');
  return claimants.map((c) => maskClaimant(c, fullMobile, false));
}

/**
 * A device only ever holds masked ID numbers (and admin masked mobiles), so an edit of the
 * claimants list sends those masks back. A masked value must never replace the real one:
 * where a patched claimant's value is the mask of a stored claimant's value (same position
 * first, then any), the stored value is kept. Anything else is validated as typed.
 */
export function restoreMaskedClaimants(
  patchClaimants: unknown,
  stored: readonly Claimant[],
): unknown {
  if (!Array.isArray(patchClaimants)) return patchClaimants;
  return patchClaimants.map((raw: unknown, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const c = { ...(raw as Record<string, unknown>) };
    const pick = (field: 'idNumber' | 'mobile', mask: (v: string) => string) => {
      const value = c[field];
      if (typeof value !== 'string' || !value.includes('*')) return;
      const candidates = [stored[index], ...stored].filter((s): s is Claimant => s !== undefined);
      for (const s of candidates) {
        const real = s[field];
        if (real !== undefined && mask(real) === value) {
          c[field] = real;
          return;
        }
      }
    };
    pick('idNumber', maskResidentId);
    pick('mobile', maskMobile);
    return c;
  });
}
