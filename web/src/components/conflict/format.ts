import { type CaseStatus, formatFen, type Lang, STATUS_LABELS } from '@anxin/shared';
import type { TFunction } from 'i18next';
import type { FieldRow, LabelPart } from '../../data/conflict-fields';
import { formatBytes, formatDate, formatDateTime } from '../../i18n/format';
import { townName } from '../../i18n/towns';

/** A row's label in the UI language: its parts joined ("申请人 1 · 姓名"). */
export function labelText(parts: readonly LabelPart[], t: TFunction): string {
  return parts
    .map((p) => t(p.key, { ...p.params, defaultValue: t('conflicts.otherField') }))
    .join(' · ');
}

/** A list in the language's own way: "甲、乙和丙", "A, B and C". */
export function listText(items: readonly string[], lang: Lang): string {
  return new Intl.ListFormat(lang === 'zh' ? 'zh-CN' : 'en', { type: 'conjunction' }).format(items);
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

function money(v: unknown): string {
  return typeof v === 'number' ? formatFen(v) : String(v);
}

/**
 * A value as a person reads it: money as ¥ in zh-CN digits, instants in China time, dates
 * as dates, labels for codes, counts for lists of hashes. Never JSON, never a field key.
 */
export function valueText(
  row: Pick<FieldRow, 'kind' | 'enumOf'>,
  value: unknown,
  lang: Lang,
  t: TFunction,
): string {
  if (value === undefined || value === null || value === '') return t('conflicts.emptyValue');
  switch (row.kind) {
    case 'money':
      return money(value);
    case 'instant':
      return formatDateTime(String(value), lang);
    case 'date':
      return formatDate(String(value), lang);
    case 'count':
      return typeof value === 'number'
        ? new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en').format(value)
        : String(value);
    case 'bool':
      return t(value ? 'conflicts.yes' : 'conflicts.no');
    case 'status':
      return STATUS_LABELS[value as CaseStatus]?.[lang] ?? String(value);
    case 'town':
      return townName(String(value), lang);
    case 'bytes':
      return typeof value === 'number' ? (formatBytes(value) ?? '') : String(value);
    case 'enum':
      return t(`${row.enumOf}.${String(value)}`, { defaultValue: String(value) });
    case 'photos':
      return t('conflicts.photosCount', { count: Array.isArray(value) ? value.length : 0 });
    case 'signatures': {
      const who = Object.entries(record(value))
        .filter(([, hash]) => Boolean(hash))
        .map(([role]) => t(`attendeeRoles.${role}`, { defaultValue: role }));
      return who.length > 0
        ? t('conflicts.signedBy', { who: listText(who, lang) })
        : t('conflicts.noSignatures');
    }
    case 'attendees':
      return listText(
        (Array.isArray(value) ? value : []).map((a) => {
          const { name, role } = record(a);
          const roleText = t(`attendeeRoles.${String(role)}`, { defaultValue: String(role) });
          return lang === 'zh' ? `${String(name)}（${roleText}）` : `${String(name)} (${roleText})`;
        }),
        lang,
      );
    case 'instalments':
      return (Array.isArray(value) ? value : [])
        .map((i) => {
          const { dueDate, amountFen } = record(i);
          return `${formatDate(String(dueDate), lang)} ${money(amountFen)}`;
        })
        .join('\n');
    case 'claimant': {
      const c = record(value);
      return [c.name, c.mobile, typeof c.owedFen === 'number' ? formatFen(c.owedFen) : null]
        .filter((p) => p !== null && p !== undefined && p !== '')
        .map(String)
        .join(' · ');
    }
    default:
      return typeof value === 'object' ? t('conflicts.otherField') : String(value);
  }
}
