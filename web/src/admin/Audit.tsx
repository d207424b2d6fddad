import {
  type AuditEntry,
  joinList,
  ROLES,
  type Role,
  UNIT_KIND_LABELS,
  type Unit,
} from '@anxin/shared';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { ReadState, TableHead } from '../app/kit';
import { useLang, useTranslation } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { townName } from '../i18n/towns';
import { useAudit, useUnits } from './queries';
import './admin.css';

/** Actions whose label is in the catalogue; anything else is shown as its code. */
const ACTION_KEYS: Record<string, string> = {
  'user.create': 'admin.audit.actions.userCreate',
  'user.update': 'admin.audit.actions.userUpdate',
  'user.passwordReset': 'admin.audit.actions.userPasswordReset',
  'unit.create': 'admin.audit.actions.unitCreate',
  'unit.update': 'admin.audit.actions.unitUpdate',
  'calendar.put': 'admin.audit.actions.calendarPut',
  export: 'admin.audit.actions.export',
  'export.cases': 'admin.audit.actions.export',
  'export.monthly': 'admin.audit.actions.export',
};

const FIELD_KEYS: Record<string, string> = {
  username: 'admin.audit.fields.username',
  displayName: 'admin.audit.fields.displayName',
  role: 'admin.audit.fields.role',
  unitIds: 'admin.audit.fields.unitIds',
  townIds: 'admin.audit.fields.unitIds',
  mobile: 'admin.audit.fields.mobile',
  disabled: 'admin.audit.fields.status',
  active: 'admin.audit.fields.status',
  mustChangePassword: 'admin.audit.fields.mustChangePassword',
  name: 'admin.audit.fields.name',
  kind: 'admin.audit.fields.kind',
  id: 'admin.audit.fields.id',
  holidays: 'admin.audit.fields.holidays',
  makeupWorkdays: 'admin.audit.fields.makeupWorkdays',
};

/** A long list (a year of holidays) is cut to this many items plus a count. */
const MAX_ITEMS = 8;

interface Ctx {
  t: TFunction;
  lang: 'zh' | 'en';
  units: readonly Unit[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unitName(id: string, ctx: Ctx): string {
  return ctx.units.find((u) => u.id === id)?.name ?? townName(id, ctx.lang);
}

function list(items: readonly string[], ctx: Ctx): string {
  if (items.length === 0) return ctx.t('admin.audit.empty');
  const shown = joinList(items.slice(0, MAX_ITEMS), ctx.lang);
  return items.length > MAX_ITEMS
    ? ctx.t('admin.audit.more', { items: shown, count: items.length })
    : shown;
}

function valueText(field: string, v: unknown, ctx: Ctx): string {
  if (v === null || v === undefined || v === '') return ctx.t('admin.audit.empty');
  if (field === 'role' && typeof v === 'string' && (ROLES as readonly string[]).includes(v)) {
    return ctx.t(`roles.${v as Role}`);
  }
  if (field === 'kind' && typeof v === 'string' && v in UNIT_KIND_LABELS) {
    return UNIT_KIND_LABELS[v as keyof typeof UNIT_KIND_LABELS][ctx.lang];
  }
  if (field === 'disabled' && typeof v === 'boolean') {
    return v ? ctx.t('admin.audit.disabled') : ctx.t('admin.audit.enabled');
  }
  if (field === 'active' && typeof v === 'boolean') {
    return v ? ctx.t('admin.units.active') : ctx.t('admin.units.inactive');
  }
  if (typeof v === 'boolean') return v ? ctx.t('admin.audit.yes') : ctx.t('admin.audit.no');
  if (Array.isArray(v)) {
    const items = v.map(String);
    return list(
      field === 'unitIds' || field === 'townIds' ? items.map((id) => unitName(id, ctx)) : items,
      ctx,
    );
  }
  if (isRecord(v)) return JSON.stringify(v);
  return String(v);
}

/** One changed field, read as "姓名：张三 → 张三丰"; lists as what was added and removed. */
function ChangeLine(props: { field: string; before: unknown; after: unknown; ctx: Ctx }) {
  const { field, before, after, ctx } = props;
  const label = FIELD_KEYS[field] ? ctx.t(FIELD_KEYS[field]) : field;
  let body: ReactNode;
  if (Array.isArray(before) && Array.isArray(after)) {
    const was = new Set(before.map(String));
    const now = new Set(after.map(String));
    const named = (ids: string[]) =>
      field === 'unitIds' || field === 'townIds' ? ids.map((id) => unitName(id, ctx)) : ids;
    const added = named([...now].filter((x) => !was.has(x)));
    const removed = named([...was].filter((x) => !now.has(x)));
    body = (
      <>
        {added.length > 0 && <ins>{ctx.t('admin.audit.added', { items: list(added, ctx) })}</ins>}
        {added.length > 0 && removed.length > 0 && ctx.t('admin.audit.clauseSep')}
        {removed.length > 0 && (
          <del>{ctx.t('admin.audit.removed', { items: list(removed, ctx) })}</del>
        )}
        {added.length === 0 && removed.length === 0 && ctx.t('admin.audit.unchanged')}
      </>
    );
  } else if (before === undefined) {
    body = <ins>{valueText(field, after, ctx)}</ins>;
  } else {
    body = (
      <>
        <del>
          <span className="visually-hidden">{ctx.t('admin.audit.before')} </span>
          {valueText(field, before, ctx)}
        </del>
        {' → '}
        <ins>
          <span className="visually-hidden">{ctx.t('admin.audit.after')} </span>
          {valueText(field, after, ctx)}
        </ins>
      </>
    );
  }
  return (
    <li>
      <span className="audit-field">{label}</span>
      {ctx.t('admin.audit.fieldSep')}
      {body}
    </li>
  );
}

function changes(entry: AuditEntry, ctx: Ctx): ReactNode {
  const d = entry.detail;
  const before = isRecord(d.before) ? d.before : null;
  const after = isRecord(d.after) ? d.after : null;
  if (before || after) {
    const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    if (fields.length === 0) return ctx.t('admin.audit.empty');
    return (
      <ul className="audit-changes">
        {fields.map((f) => (
          <ChangeLine
            key={f}
            field={f}
            before={before ? before[f] : undefined}
            after={after ? after[f] : undefined}
            ctx={ctx}
          />
        ))}
      </ul>
    );
  }
  if (entry.action.startsWith('export')) {
    const parts = [
      ctx.t('admin.audit.exportRows', {
        format: String(d.format ?? '').toUpperCase() || '—',
        rows: typeof d.rows === 'number' ? d.rows : '—',
      }),
    ];
    if (d.personal === true) parts.push(ctx.t('admin.audit.exportPersonal'));
    if (isRecord(d.filter)) {
      const f = Object.entries(d.filter).filter(
        ([, v]) => v !== null && v !== undefined && v !== '',
      );
      if (f.length > 0) {
        parts.push(
          ctx.t('admin.audit.exportFilter', {
            filter: f.map(([k, v]) => `${k}=${String(v)}`).join(', '),
          }),
        );
      }
    }
    return parts.join(ctx.t('admin.audit.partSep'));
  }
  const rest = Object.entries(d).filter(([k]) => k !== 'targetId' && k !== 'targetName');
  return rest.length === 0
    ? ctx.t('admin.audit.empty')
    : rest.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ');
}

function target(entry: AuditEntry, ctx: Ctx): string {
  const d = entry.detail;
  const id =
    typeof d.targetId === 'string' || typeof d.targetId === 'number' ? String(d.targetId) : '';
  const pick = (k: string): string | null => {
    for (const side of [d.after, d.before]) {
      if (isRecord(side) && typeof side[k] === 'string' && side[k] !== '') return side[k] as string;
    }
    return null;
  };
  const [kind] = entry.action.split('.');
  const named = typeof d.targetName === 'string' && d.targetName !== '' ? d.targetName : null;
  if (kind === 'user') {
    const name = pick('displayName');
    const username = pick('username') ?? named;
    const who =
      name && username
        ? ctx.t('admin.audit.nameAndUsername', { name, username })
        : (name ?? username ?? id);
    return ctx.t('admin.audit.targetUser', { name: who || '—' });
  }
  if (kind === 'unit') {
    return ctx.t('admin.audit.targetUnit', {
      name: named ?? pick('name') ?? (id ? unitName(id, ctx) : '—'),
    });
  }
  if (kind === 'calendar') return ctx.t('admin.audit.targetCalendar', { year: id || '—' });
  if (kind === 'export') return ctx.t('admin.audit.targetExport');
  return id || '—';
}

/**
 * The audit trail: administrative changes (who changed which account, unit or calendar, from
 * what to what — never a password) and exports of personal data. Shared by the office and
 * the admin workspace; the server decides who may read it.
 */
export function AuditLog() {
  const { t } = useTranslation();
  const lang = useLang();
  const audit = useAudit();
  const units = useUnits();
  const ctx: Ctx = { t, lang, units: units.data ?? [] };
  const entries = audit.data ?? [];
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit.title')}</h2>
      <p className="hint">{t('admin.audit.intro')}</p>
      <ReadState read={audit} empty={entries.length === 0} emptyText={t('admin.audit.none')} />
      {entries.length > 0 && (
        <table className="office-table" data-testid="audit-table">
          <TableHead
            caption={t('admin.audit.title')}
            columns={[
              t('admin.audit.at'),
              t('admin.audit.actor'),
              t('admin.audit.action'),
              t('admin.audit.target'),
              t('admin.audit.change'),
            ]}
          />
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <td className="nowrap">{formatDateTime(e.at, lang)}</td>
                <td>{e.actorName}</td>
                <td>{ACTION_KEYS[e.action] ? t(ACTION_KEYS[e.action]) : e.action}</td>
                <td>{target(e, ctx)}</td>
                <td>{changes(e, ctx)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
