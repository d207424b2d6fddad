import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { OfficeWorkspacePage } from '../pages/office';
import { expect, test } from '../support/fixtures';

/**
 * Issue 16 "Must show": the XLSX's amount cells are numeric (read back with exceljs) and sum
 * to the CSV's total — both files downloaded from the office dashboard's export buttons, as
 * office.1 at 1366 × 768, over the demo data the server seeds (300 cases).
 */

test.use({ viewport: { width: 1366, height: 768 } });

const AMOUNTS = ['欠薪金额（元）', '追回金额（元）'] as const;

/** CSV text → rows of cells (the export quotes only cells with a comma, quote or newline). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/** "1234.56" (or "'-0.07", the formula guard's apostrophe) → integer fen, exactly. */
function csvFen(text: string): number {
  const m = /^'?(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a yuan amount: ${text}`);
  const fen = Number(m[2]) * 100 + Number(m[3]);
  return m[1] === '-' ? -fen : fen;
}

async function download(page: Page, button: string): Promise<Download> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return file;
}

test('dashboard exports: the XLSX amounts are numbers that sum to the CSV totals, and the monthly sheet adds up', async ({
  app,
  page,
}) => {
  const desk = new OfficeWorkspacePage(page);
  await app.signInAndSync('office.1');
  await desk.openIntake();
  await page
    .getByRole('navigation', { name: '工作台' })
    .getByRole('link', { name: '数据看板' })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: '数据看板' })).toBeVisible();

  const csvFile = await download(page, '导出 CSV');
  expect(csvFile.suggestedFilename()).toMatch(/^anxin-cases-\d{4}-\d{2}-\d{2}\.csv$/);
  const csvBytes = await readFile(await csvFile.path());
  // The CSV as it always was: UTF-8 with a byte-order mark, text cells.
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = parseCsv(csvBytes.subarray(3).toString('utf8'));
  const header = csv[0]!;
  const body = csv.slice(1);
  expect(body.length).toBeGreaterThanOrEqual(300);

  const xlsxFile = await download(page, '导出 Excel');
  expect(xlsxFile.suggestedFilename()).toMatch(/^anxin-cases-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  const xlsxBytes = await readFile(await xlsxFile.path());
  await wb.xlsx.load(
    xlsxBytes.buffer.slice(xlsxBytes.byteOffset, xlsxBytes.byteOffset + xlsxBytes.byteLength),
  );
  const ws = wb.getWorksheet('案件')!;
  expect(ws.getRow(1).values).toEqual([undefined, ...header]);
  expect(ws.rowCount - 1).toBe(body.length);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

  for (const name of AMOUNTS) {
    const c = header.indexOf(name) + 1;
    expect(c, name).toBeGreaterThan(0);
    let xlsxFen = 0;
    for (let r = 2; r <= ws.rowCount; r++) {
      const cell = ws.getRow(r).getCell(c);
      expect(typeof cell.value, `${name} row ${r}`).toBe('number');
      expect(cell.numFmt).toBe('#,##0.00');
      xlsxFen += Math.round((cell.value as number) * 100);
    }
    const csvTotal = body.reduce((s, line) => s + csvFen(line[c - 1]!), 0);
    expect(xlsxFen, name).toBe(csvTotal);
    expect(csvTotal, name).toBeGreaterThan(0);
  }

  // The monthly report of this (China) month: its lines add up to its 合计 line, and its
  // received / recovered totals are those of the CSV rows received this month.
  const ms = wb.getWorksheet('月度报表')!;
  let totalRow = 0;
  const sums = [0, 0, 0, 0, 0, 0];
  ms.eachRow((row, n) => {
    if (n === 1 || totalRow > 0) return;
    if (row.getCell(1).value === '合计') {
      totalRow = n;
      return;
    }
    for (let c = 2; c <= 7; c++) sums[c - 2]! += row.getCell(c).value as number;
  });
  expect(totalRow).toBeGreaterThan(2);
  const totals = [2, 3, 4, 5, 6, 7].map((c) => ms.getRow(totalRow).getCell(c).result as number);
  expect(totals.map((v, i) => (i === 4 ? Math.round(v * 100) : v))).toEqual(
    sums.map((v, i) => (i === 4 ? Math.round(v * 100) : v)),
  );
  const received = header.indexOf('受理时间');
  const recovered = header.indexOf('追回金额（元）');
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const thisMonth = body.filter((line) => line[received]!.startsWith(month));
  expect(totals[0]).toBe(thisMonth.length);
  expect(Math.round(totals[4]! * 100)).toBe(
    thisMonth.reduce((s, line) => s + csvFen(line[recovered]!), 0),
  );
});
