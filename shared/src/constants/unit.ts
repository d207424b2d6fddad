/**
 * A dispatch unit (承办单位): a street (街道), a town (镇), or a state-owned company (国企公司)
 * that handles complaints on its own sites. Cases are dispatched to units and officers
 * belong to units. Towns were the only kind in the first version, so the wire still names a
 * case's unit `townId` (devices in the field read that name). The schemas: schemas/unit.ts.
 */
export const UNIT_KINDS = ['street', 'town', 'soe'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, { zh: string; en: string }> = {
  street: { zh: '街道', en: 'Street' },
  town: { zh: '镇', en: 'Town' },
  soe: { zh: '国企公司', en: 'State-owned company' },
};

/**
 * Where a complaint waits whose worker chose "不清楚" (does not know the unit): every case
 * names a unit, so these name this one — inactive (it takes no cases from anyone else and
 * no officers), made when the first such complaint arrives, until the office dispatches the
 * case to a real unit from its intake queue.
 */
export const PUBLIC_INTAKE_UNIT = {
  id: 'intake',
  name: '市级受理（待分派）',
  kind: 'street',
} as const;
