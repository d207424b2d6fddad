import type { Lang } from '@anxin/shared';
import {
  CASE_OUTCOME_LABELS,
  CASE_SECTOR_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATUSES,
  CHINA_OFFSET_MS,
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
import { mergedCaseIds } from '../repositories/case-links';
import { allCasesInScope } from '../repositories/cases';
import { type Actor, scopeOf } from '../repositories/scope';
import { listTowns } from '../repositories/units';
import { listUsers } from '../repositories/users';
import { recordExportAudit } from './export-audit';
import {
  addMonthlySheet,
  COUNT_FORMAT,
  type MonthlyReport,
  monthlyReport,
  monthParam,
  YUAN_FORMAT,
  yuanNumber,
} from './monthly-report';
import { dayParam, inPeriod, parseQuery } from './query';

/**
 * The case export (GET /api/exports/cases.csv and .xlsx): which cases, which columns, how
 * personal data is masked, the audit record of every export, and the two file formats: the
 * CSV all text, the XLSX typed so a spreadsheet can sum and sort it, with the monthly report.
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

/**
 * What a column holds: text, an instant (shown in China time), a count, or money in fen
 * (shown in yuan). The CSV writes each as text; the XLSX as a string, a date or a number.
 */
type ColumnKind = 'text' | 'time' | 'count' | 'fen';

const COLUMNS = [
  { header: '案件编号', kind: 'text', width: 22 },
  { header: '镇街', kind: 'text', width: 12 },
  { header: '状态', kind: 'text', width: 10 },
  { header: '1-3-7', kind: 'text', width: 12 },
  { header: '来源', kind: 'text', width: 10 },
  { header: '受理时间', kind: 'time', width: 17 },
  { header: '首次处置时间', kind: 'time', width: 17 },
  { header: '化解时间', kind: 'time', width: 17 },
  { header: '结案时间', kind: 'time', width: 17 },
  { header: '用人单位', kind: 'text', width: 30 },
  { header: '统一社会信用代码', kind: 'text', width: 21 },
  { header: '劳动者', kind: 'text', width: 16 },
  { header: '手机号码', kind: 'text', width: 15 },
  { header: '身份证号码', kind: 'text', width: 21 },
  { header: '人数', kind: 'count', width: 8 },
  { header: '欠薪金额（元）', kind: 'fen', width: 16 },
  { header: '追回金额（元）', kind: 'fen', width: 16 },
  { header: '结果', kind: 'text', width: 12 },
  { header: '承办人', kind: 'text', width: 14 },
  // Construction: the general contractor is liable for the migrant workers' wages.
  { header: '行业', kind: 'text', width: 12 },
  { header: '工程项目', kind: 'text', width: 28 },
  { header: '总承包单位', kind: 'text', width: 28 },
] as const satisfies ReadonlyArray<{ header: string; kind: ColumnKind; width: number }>;

export const EXPORT_COLUMNS = COLUMNS.map((c) => c.header);

/** One cell: text, an ISO instant or null (time), or an integer (count, fen). */
export type ExportCell = string | number | null;

function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2026-11-23 09:30" in China time: what a reader of the sheet expects. */
function chinaTime(iso: string | null): string {
  return iso === null ? '' : chinaDateTime(Date.parse(iso));
}

function cellText(kind: ColumnKind, v: ExportCell): string {
  if (kind === 'time') return chinaTime(v as string | null);
  if (kind === 'fen') return yuan(v as number);
  return String(v ?? '');
}

export interface ExportTable {
  rows: ExportCell[][];
  personal: boolean;
  filter: Record<string, unknown>;
  /** The month of the XLSX's monthly-report sheet (the audit names it). */
  month?: string;
}

export type ExportQuery = z.output<typeof exportQuerySchema>;

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
  return exportTableFor(deps, actor, parseQuery(exportQuerySchema, raw, lang));
}

async function exportTableFor(deps: AppDeps, actor: Actor, q: ExportQuery): Promise<ExportTable> {
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
  const rows = cases.map((stored): ExportCell[] => {
    const c = maskCase(stored, actor.role, personal ? 'detail' : 'list');
    const stage = clock137(stored, nowMs, deps.config.clock137).stage;
    return [
      c.caseNo ?? c.id,
      towns.get(c.townId) ?? c.townId,
      STATUS_LABELS[c.status].zh,
      STAGE_137_LABELS[stage].zh,
      CASE_SOURCE_LABELS[c.source].zh,
      c.receivedAt,
      c.firstActionAt,
      c.resolvedAt,
      c.closedAt,
      c.employer.name,
      c.employer.creditCode ?? '',
      c.claimants.map((cl) => cl.name).join('、'),
      c.claimants.map((cl) => cl.mobile).join('、'),
      c.claimants.map((cl) => cl.idNumber ?? '').join('、'),
      c.workersCount,
      c.claimants.reduce((s, cl) => s + cl.owedFen, 0),
      c.recoveredFen,
      c.outcome ? CASE_OUTCOME_LABELS[c.outcome].zh : '',
      c.assignedOfficerId ? (users.get(c.assignedOfficerId) ?? '') : '',
      c.sector ? CASE_SECTOR_LABELS[c.sector].zh : '',
      c.project?.name ?? '',
      c.project?.generalContractor ?? '',
    ];
  });
  const filter: Record<string, unknown> = {};
  if (q.townId !== undefined) filter.townId = q.townId;
  if (q.from !== undefined) filter.from = q.from;
  if (q.to !== undefined) filter.to = q.to;
  if (q.status !== undefined) filter.status = q.status;
  return { rows, personal, filter };
}

/** The XLSX takes one more parameter than the CSV: the month of its monthly-report sheet. */
export const xlsxQuerySchema = exportQuerySchema.extend({ month: monthParam.optional() });

export interface XlsxExport {
  table: ExportTable;
  report: MonthlyReport;
}

/** The case sheet's rows and the monthly report (the month asked for, else the current one). */
export async function xlsxExport(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<XlsxExport> {
  const { month, ...q } = parseQuery(xlsxQuerySchema, raw, lang);
  const table = await exportTableFor(deps, actor, q);
  const report = await monthlyReport(deps, actor, { month, townId: q.townId });
  table.month = report.month;
  return { table, report };
}

/** Every export is an audit event: who took which cases out of the system, and how. */
export async function recordExport(
  deps: AppDeps,
  actor: Actor,
  format: 'csv' | 'xlsx',
  table: ExportTable,
): Promise<void> {
  const detail: Record<string, unknown> = {
    format,
    rows: table.rows.length,
    personal: table.personal,
    filter: table.filter,
  };
  if (table.month !== undefined) detail.month = table.month;
  await recordExportAudit(deps, actor, 'export.cases', detail);
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
  const lines = [
    EXPORT_COLUMNS,
    ...table.rows.map((r) => r.map((v, i) => cellText(COLUMNS[i]!.kind, v))),
  ].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * An instant as an Excel date on China's wall clock: Excel dates have no time zone, and a
 * reader in Yiwu expects the time the clock there showed.
 */
function excelChinaTime(iso: string | null): Date | null {
  return iso === null ? null : new Date(Date.parse(iso) + CHINA_OFFSET_MS);
}

const TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/**
 * The case sheet with typed cells (amounts in yuan as numbers, counts as numbers, times as
 * dates), header frozen and filterable, then the monthly report sheet. Text cells stay
 * strings, never formulas, so nothing a complainant typed is evaluated.
 */
export async function toXlsx(
  table: ExportTable,
  report?: MonthlyReport,
): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(0);
  const ws = wb.addWorksheet('案件', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => {
    const col: Partial<ExcelJS.Column> = { width: c.width };
    if (c.kind === 'time') col.style = { numFmt: TIME_FORMAT };
    if (c.kind === 'fen') col.style = { numFmt: YUAN_FORMAT };
    if (c.kind === 'count') col.style = { numFmt: COUNT_FORMAT };
    return col;
  });
  const header = ws.addRow([...EXPORT_COLUMNS]);
  header.font = { bold: true };
  // The column styles would give the header cells a number format too; the header is text.
  header.eachCell((cell) => {
    cell.numFmt = 'General';
  });
  for (const r of table.rows) {
    ws.addRow(
      r.map((v, i) => {
        const kind = COLUMNS[i]!.kind;
        if (kind === 'time') return excelChinaTime(v as string | null);
        if (kind === 'fen') return yuanNumber(v as number);
        return v;
      }),
    );
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  if (report) addMonthlySheet(wb, report);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

export function exportFileName(format: 'csv' | 'xlsx', nowMs: number): string {
  return `anxin-cases-${chinaDate(nowMs)}.${format}`;
}
