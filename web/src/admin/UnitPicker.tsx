import { type Role, t as sharedText, UNIT_KIND_LABELS, UNIT_KINDS, type Unit } from '@anxin/shared';
import { Checkbox } from '../app/kit';
import { useLang, useTranslation } from '../i18n';

/** Office staff and administrators see every unit and belong to none. */
export function isDeskRole(role: Role | ''): boolean {
  return role === 'office' || role === 'admin';
}

/**
 * The units a person belongs to: checkboxes of the active units, grouped by kind. A unit
 * that was deactivated stays listed while it is ticked, so it can be taken away, but it
 * cannot be given. For desk roles there is nothing to choose, and the reason is shown.
 */
export function UnitPicker(props: {
  idPrefix: string;
  role: Role | '';
  units: readonly Unit[];
  selected: readonly string[];
  onChange: (unitIds: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorId = `${props.idPrefix}-units-err`;
  if (isDeskRole(props.role)) {
    return (
      <div className="field">
        <span className="label">{t('admin.people.units')}</span>
        <p className="hint" data-testid="units-not-needed">
          {sharedText('admin.unitsForDesk', lang)}
        </p>
      </div>
    );
  }
  const chosen = new Set(props.selected);
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.selected, id] : props.selected.filter((u) => u !== id));
  const groups = UNIT_KINDS.map((kind) => ({
    kind,
    units: props.units.filter((u) => u.kind === kind && (u.active || chosen.has(u.id))),
  })).filter((g) => g.units.length > 0);
  return (
    <fieldset className="admin-units" aria-describedby={props.error ? errorId : undefined}>
      <legend>
        {t('admin.people.units')} <span className="opt">({t('app.required')})</span>
      </legend>
      {groups.length === 0 && <p className="hint">{t('admin.people.noUnits')}</p>}
      {groups.map((g) => (
        <fieldset key={g.kind} className="admin-unit-group">
          <legend className="admin-unit-kind">{UNIT_KIND_LABELS[g.kind][lang]}</legend>
          <div className="admin-unit-boxes">
            {g.units.map((u) => (
              <Checkbox
                key={u.id}
                id={`${props.idPrefix}-unit-${u.id}`}
                label={u.active ? u.name : t('admin.people.inactiveUnit', { name: u.name })}
                checked={chosen.has(u.id)}
                onChange={(on) => toggle(u.id, on)}
              />
            ))}
          </div>
        </fieldset>
      ))}
      {props.error && (
        <div className="field">
          <span className="error" id={errorId} role="alert">
            {props.error}
          </span>
        </div>
      )}
    </fieldset>
  );
}
