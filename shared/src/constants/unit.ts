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
