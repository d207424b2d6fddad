import type { Lang } from '@anxin/shared';
import { CHINA_OFFSET_MS, chinaDate, chinaDateTime } from '@anxin/shared';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { type MonthlyUnitFigures, monthlyFiguresByUnit } from '../repositories/monthly-report';
import { type Actor, scopeOf } from '../repositories/scope';
import { recordExportAudit } from './export-audit';
import { parseQuery } from './query';

/**
 * The monthly report (月度报表) a bureau sends upward: per dispatch unit, the cases received
 * in one China calendar month and what has become of them by the time of the export.
 * A sheet of the case export (cases.xlsx) and a file of its own (monthly.xlsx).
 */

export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month.invalid' });

export const monthlyQuerySchema = z.strictObject({
  month: monthParam.optional(),
  townId: z.string().max(32).optional(),
});

/** The month an instant falls in, China calendar: 'YYYY-MM'. */
export function chinaMonth(instantMs: number): string {
  return chinaDate(instantMs).slice(0, 7);
}

/** [start, end) of a China calendar month as stored instants (ISO UTC). */
export function monthBounds(month: string): { fromIso: string; toIso: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  // Date.UTC rolls month 12 over into January of the next year.
  return {
    fromIso: new Date(Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS).toISOString(),
    toIso: new Date(Date.UTC(y, m, 1) - CHINA_OFFSET_MS).toISOString(),
  };
}

export interface MonthlyReport {
  month: string;
  /** When the figures were taken (the resolutions and transfers counted are those made by then). */
  asOf: string;
  /** The one unit asked for, if any. */
  townId?: string;
  units: MonthlyUnitFigures[];
  totals: Omit<MonthlyUnitFigures, 'unitId' | 'unitName'>;
}

export async function monthlyReport(
  deps: AppDeps,
  actor: Actor,
  q: { month?: string | undefined; townId?: string | undefined },
): Promise<MonthlyReport> {
  const nowMs = deps.now().getTime();
  const month = q.month ?? chinaMonth(nowMs);
  const units = await monthlyFiguresByUnit(deps.db, scopeOf(actor), {
    ...monthBounds(month),
    resolveMs: deps.config.clock137.resolveHours * 3600_000,
    unitId: q.townId,
  });
  const totals = {
    received: 0,
    resolvedOnTime: 0,
    resolvedLate: 0,
    transferred: 0,
    recoveredFen: 0,
    workers: 0,
  };
  for (const u of units) {
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += u[k];
  }
  const report: MonthlyReport = { month, asOf: new Date(nowMs).toISOString(), units, totals };
  if (q.townId !== undefined) report.townId = q.townId;
  return report;
}

export async function monthlyReportFromQuery(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<MonthlyReport> {
  return monthlyReport(deps, actor, parseQuery(monthlyQuerySchema, raw, lang));
}

export const MONTHLY_SHEET = '月度报表';

export const MONTHLY_COLUMNS = [
  { header: '承办单位', width: 24 },
  { header: '收到（件）', width: 12 },
  { header: '按期化解（件）', width: 16 },
  { header: '超期化解（件）', width: 16 },
  { header: '移送（件）', width: 12 },
  { header: '追回金额（元）', width: 18 },
  { header: '涉及人数（人）', width: 16 },
] as const;

export const YUAN_FORMAT = '#,##0.00';
export const COUNT_FORMAT = '0';

/** A yuan amount as Excel keeps it: a number (fen are integers, so fen/100 is exact to the cent). */
export function yuanNumber(fen: number): number {
  return fen / 100;
}

/**
 * The report as a sheet: header frozen, one line per unit, a 合计 line of SUM formulas whose
 * cached results are the totals computed here (so a reader that does not recalculate shows
 * the same figures), and a line saying which cases are counted and as of when.
 */
export function addMonthlySheet(wb: ExcelJS.Workbook, report: MonthlyReport): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(MONTHLY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = MONTHLY_COLUMNS.map((c) => ({ width: c.width }));
  ws.addRow(MONTHLY_COLUMNS.map((c) => c.header));
  ws.getRow(1).font = { bold: true };
  const figures = (f: MonthlyReport['totals']) => [
    f.received,
    f.resolvedOnTime,
    f.resolvedLate,
    f.transferred,
    yuanNumber(f.recoveredFen),
    f.workers,
  ];
  for (const u of report.units) ws.addRow([u.unitName, ...figures(u)]);
  const first = 2;
  const last = report.units.length + 1;
  const totals = figures(report.totals);
  const totalRow = ws.addRow([
    '合计',
    ...totals.map((result, i) => {
      const col = String.fromCharCode('B'.charCodeAt(0) + i);
      return last < first ? result : { formula: `SUM(${col}${first}:${col}${last})`, result };
    }),
  ]);
  totalRow.font = { bold: true };
  for (let r = first; r <= totalRow.number; r++) {
    const row = ws.getRow(r);
    for (let c = 2; c <= MONTHLY_COLUMNS.length; c++) {
      row.getCell(c).numFmt = c === 6 ? YUAN_FORMAT : COUNT_FORMAT;
    }
  }
  const [y, m] = report.month.split('-');
  ws.addRow([]);
  ws.addRow([
    `统计口径：${y}年${Number(m)}月（北京时间）受理的案件；化解、移送与追回金额截至 ${chinaDateTime(Date.parse(report.asOf))}`,
  ]);
  return ws;
}

/** The monthly report on its own (GET /api/exports/monthly.xlsx). */
export async function monthlyXlsx(report: MonthlyReport): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(0);
  addMonthlySheet(wb, report);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export function monthlyFileName(month: string): string {
  return `anxin-monthly-${month}.xlsx`;
}

/** Figures leave the system too: the export is audited like the case export. */
export async function recordMonthlyExport(
  deps: AppDeps,
  actor: Actor,
  report: MonthlyReport,
): Promise<void> {
  const detail: Record<string, unknown> = {
    format: 'xlsx',
    month: report.month,
    rows: report.units.length,
  };
  if (report.townId !== undefined) detail.filter = { townId: report.townId };
  await recordExportAudit(deps, actor, 'export.monthly', detail);
}
