import { randomUUID } from 'node:crypto';
import type { Lang } from '@anxin/shared';
import {
  CASE_OUTCOME_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATUSES,
  chinaDate,
  chinaDateTime,
  clock137,
  maskCase,
  STAGE_137_LABELS,
  STATUS_LABELS,
  seesAllTowns,
  seesFullMobile,
} from '@anxin/shared';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { insertAudit } from '../repositories/audit-log';
import { mergedCaseIds } from '../repositories/case-links';
import { allCasesInScope } from '../repositories/cases';
import { type Actor, scopeOf } from '../repositories/scope';
import { listTowns } from '../repositories/units';
import { listUsers } from '../repositories/users';
import { dayParam, inPeriod, parseQuery } from './query';

/**
 * The case export (GET /api/exports/cases.csv and .xlsx): which cases, which columns, how
 * personal data is masked, the audit record of every export, and the two file formats.
 */

export const exportQuerySchema = z.strictObject({
  townId: z.string().max(32).optional(),
  from: dayParam.optional(),
  to: dayParam.optional(),
  status: z
    .string()
    .transform((s) => s.split(',').filter((x) => x.length > 0))
    .pipe(z.array(z.enum(CASE_STATUSES, { error: 'notInList' })).max(20))
    .optional(),
  /** Ask for full mobile numbers; granted only to roles that see them on a case (not admin). */
  personal: z.enum(['1']).optional(),
});

export const EXPORT_COLUMNS = [
  '案件编号',
  '镇街',
  '状态',
  '1-3-7',
  '来源',
  '受理时间',
  '首次处置时间',
  '化解时间',
  '结案时间',
  '用人单位',
  '统一社会信用代码',
  '劳动者',
  '手机号码',
  '身份证号码',
  '人数',
  '欠薪金额（元）',
  '追回金额（元）',
  '结果',
  '承办人',
] as const;

function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2026-11-23 09:30" in China time: what a reader of the sheet expects. */
function chinaTime(iso: string | null): string {
  return iso === null ? '' : chinaDateTime(Date.parse(iso));
}

export interface ExportTable {
  rows: string[][];
  personal: boolean;
  filter: Record<string, unknown>;
}

/**
 * The rows of a case export. Personal data follows the list rule (masked) unless `personal=1`
 * is asked for by a role that sees full mobiles on a case; resident ID numbers are masked in
 * every export (a full one is only ever shown on one case, and that view is logged).
 */
export async function exportTable(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<ExportTable> {
  const q = parseQuery(exportQuerySchema, raw, lang);
  const personal = q.personal === '1' && seesFullMobile(actor.role, 'detail');
  const nowMs = deps.now().getTime();
  const merged = await mergedCaseIds(deps.db);
  const towns = new Map((await listTowns(deps.db)).map((t) => [t.id, t.name]));
  const users = new Map(
    (await listUsers(deps.db, seesAllTowns(actor.role) ? {} : { townIds: actor.townIds })).map(
      (u) => [u.id, u.displayName],
    ),
  );
  const cases = (await allCasesInScope(deps.db, scopeOf(actor)))
    .filter((c) => !merged.has(c.id) && inPeriod(c, q))
    .filter((c) => q.status === undefined || q.status.includes(c.status))
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const rows = cases.map((stored) => {
    const c = maskCase(stored, actor.role, personal ? 'detail' : 'list');
    const stage = clock137(stored, nowMs, deps.config.clock137).stage;
    return [
      c.caseNo ?? c.id,
      towns.get(c.townId) ?? c.townId,
      STATUS_LABELS[c.status].zh,
      STAGE_137_LABELS[stage].zh,
      CASE_SOURCE_LABELS[c.source].zh,
      chinaTime(c.receivedAt),
      chinaTime(c.firstActionAt),
      chinaTime(c.resolvedAt),
      chinaTime(c.closedAt),
      c.employer.name,
      c.employer.creditCode ?? '',
      c.claimants.map((cl) => cl.name).join('、'),
      c.claimants.map((cl) => cl.mobile).join('、'),
      c.claimants.map((cl) => cl.idNumber ?? '').join('、'),
      String(c.workersCount),
      yuan(c.claimants.reduce((s, cl) => s + cl.owedFen, 0)),
      yuan(c.recoveredFen),
      c.outcome ? CASE_OUTCOME_LABELS[c.outcome].zh : '',
      c.assignedOfficerId ? (users.get(c.assignedOfficerId) ?? '') : '',
    ];
  });
  const filter: Record<string, unknown> = {};
  if (q.townId !== undefined) filter.townId = q.townId;
  if (q.from !== undefined) filter.from = q.from;
  if (q.to !== undefined) filter.to = q.to;
  if (q.status !== undefined) filter.status = q.status;
  return { rows, personal, filter };
}

/** Every export is an audit event: who took which cases out of the system, and how. */
export async function recordExport(
  deps: AppDeps,
  actor: Actor,
  format: 'csv' | 'xlsx',
  table: ExportTable,
): Promise<void> {
  const detail = {
    format,
    rows: table.rows.length,
    personal: table.personal,
    filter: table.filter,
  };
  await insertAudit(deps.db, {
    id: randomUUID(),
    at: deps.now().toISOString(),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'export.cases',
    detail,
  });
  deps.log('export.cases', { userId: actor.id, ...detail });
}

/**
 * A spreadsheet program would run a cell starting with = + - @ (or a tab/CR) as a formula,
 * so such text is prefixed with an apostrophe (OWASP "CSV injection").
 */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly; CRLF lines. */
export function toCsv(table: ExportTable): string {
  const lines = [EXPORT_COLUMNS as readonly string[], ...table.rows].map((r) =>
    r.map(csvCell).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(table: ExportTable): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(0);
  const ws = wb.addWorksheet('案件');
  ws.addRow([...EXPORT_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  // Cells are written as text (never formulas), so nothing in them is evaluated.
  for (const r of table.rows) ws.addRow(r);
  ws.columns.forEach((col) => {
    col.width = 16;
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

export function exportFileName(format: 'csv' | 'xlsx', nowMs: number): string {
  return `anxin-cases-${chinaDate(nowMs)}.${format}`;
}
