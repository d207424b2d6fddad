import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleCaseArgs, TEST_CASES } from '../../test-support';
import { forEachDialect, jsonOf, pushOne, useTestApi } from '../../test-support/suite';
import { EXPORT_COLUMNS, type ExportTable, toCsv } from './case-export';

/**
 * The XLSX read back the way a spreadsheet reads it (exceljs): amounts and counts are
 * numbers with a number format, times are dates on China's wall clock, the header is frozen
 * and filterable, widths are set, and the monthly sheet's figures are the cases' own. The CSV
 * stays all text, byte for byte as before.
 */

// 20 Nov 2026, 10:00 China time.
const NOW = Date.parse('2026-11-20T02:00:00.000Z');

const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name) + 1;

async function workbook(res: Response): Promise<ExcelJS.Workbook> {
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

/** CSV text → rows of cells (the export quotes only cells with a comma, quote or newline). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

forEachDialect('case export files', (dialect) => {
  const get = useTestApi(dialect, { now: () => new Date(NOW) });

  it('XLSX cells compute: numbers with formats, China-time dates, frozen filtered header, widths', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const resolved = await pushOne(t, officer, {
      name: 'case.transition',
      args: {
        id: TEST_CASES.chouchengOwn,
        to: 'resolved',
        outcome: 'paid_in_full',
        recoveredFen: 123_456,
      },
      baseVersion: 1,
    });
    expect(resolved.status).toBe('applied');
    const office = await t.login('office.1');
    const formulaName = '=1+2 有限公司';
    const created = await pushOne(t, office, {
      name: 'case.create',
      args: {
        ...sampleCaseArgs('export-formula-1', 'fotang', 9),
        employer: { name: formulaName },
        workersCount: 3,
        claimants: [
          { name: '甲', mobile: '13800138001', owedFen: 1_000_001 },
          { name: '乙', mobile: '13800138002', owedFen: 99 },
        ],
      },
    });
    expect(created.status).toBe('applied');

    const csvText = await (await t.api(office, 'GET', '/api/exports/cases.csv')).text();
    const csv = parseCsv(csvText);
    const wb = await workbook(await t.api(office, 'GET', '/api/exports/cases.xlsx'));
    const ws = wb.getWorksheet('案件')!;
    expect(ws.rowCount).toBe(csv.length);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(String(ws.autoFilter)).toBe('A1:V1');
    for (let c = 1; c <= EXPORT_COLUMNS.length; c++) {
      expect(ws.getColumn(c).width, EXPORT_COLUMNS[c - 1]).toBeGreaterThanOrEqual(8);
    }
    expect(ws.getColumn(col('用人单位')).width).toBeGreaterThan(ws.getColumn(col('人数')).width!);
    expect(ws.getRow(1).values).toEqual([undefined, ...EXPORT_COLUMNS]);

    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const line = csv[r - 1]!;
      expect(row.getCell(1).value).toBe(line[0]);
      for (const name of ['欠薪金额（元）', '追回金额（元）'] as const) {
        const cell = row.getCell(col(name));
        expect(typeof cell.value, name).toBe('number');
        expect(cell.numFmt).toBe('#,##0.00');
        // The yuan the CSV shows, as fen: the number is exactly fen / 100.
        const fen = Math.round((cell.value as number) * 100);
        expect(fen / 100).toBe(cell.value);
        expect((fen / 100).toFixed(2)).toBe(line[col(name) - 1]);
      }
      const workers = row.getCell(col('人数'));
      expect(typeof workers.value).toBe('number');
      expect(String(workers.value)).toBe(line[col('人数') - 1]);
      const received = row.getCell(col('受理时间'));
      expect(received.value).toBeInstanceOf(Date);
      expect(received.numFmt).toBe('yyyy-mm-dd hh:mm');
      // Excel has no time zone: the cell holds the China wall-clock time the CSV shows.
      expect((received.value as Date).toISOString().slice(0, 16).replace('T', ' ')).toBe(
        line[col('受理时间') - 1],
      );
      // Masking per role as before: a list export masks the mobiles.
      expect(String(row.getCell(col('手机号码')).value)).toMatch(/^1\d\d\*{4}\d{4}/);
    }
    const resolvedRow = csv.findIndex((l) => l[col('结果') - 1] === '全额支付') + 1;
    expect(resolvedRow).toBeGreaterThan(1);
    const rr = ws.getRow(resolvedRow);
    expect(rr.getCell(col('追回金额（元）')).value).toBe(1234.56);
    expect(rr.getCell(col('化解时间')).value).toBeInstanceOf(Date);
    // Still-empty times stay empty, not 1900-01-00.
    expect(ws.getRow(2).getCell(col('结案时间')).value).toBeNull();

    const formulaRow = csv.findIndex((l) => l[col('用人单位') - 1] === `'${formulaName}`) + 1;
    expect(formulaRow).toBeGreaterThan(1);
    const fr = ws.getRow(formulaRow);
    // Text is a string cell, never a formula.
    expect(fr.getCell(col('用人单位')).value).toBe(formulaName);
    expect(fr.getCell(col('欠薪金额（元）')).value).toBe(10001);
    expect(fr.getCell(col('人数')).value).toBe(3);

    // The same amounts sum to the same total in both files.
    const fenSum = (values: number[]) => values.reduce((s, v) => s + Math.round(v * 100), 0);
    const xlsxOwed = fenSum(
      Array.from(
        { length: ws.rowCount - 1 },
        (_, i) => ws.getRow(i + 2).getCell(col('欠薪金额（元）')).value as number,
      ),
    );
    const csvOwed = csv
      .slice(1)
      .reduce((s, l) => s + Math.round(Number(l[col('欠薪金额（元）') - 1]) * 100), 0);
    expect(xlsxOwed).toBe(csvOwed);
    expect(xlsxOwed).toBe(5 * 500_000 + 1_000_100);
  });

  it('carries the monthly report sheet: unit lines from the cases, a SUM total line', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const r = await pushOne(t, officer, {
      name: 'case.transition',
      args: {
        id: TEST_CASES.chouchengOwn,
        to: 'resolved',
        outcome: 'paid_in_full',
        recoveredFen: 250_050,
      },
      baseVersion: 1,
    });
    expect(r.status).toBe('applied');
    const office = await t.login('office.1');
    const wb = await workbook(await t.api(office, 'GET', '/api/exports/cases.xlsx'));
    const ms = wb.getWorksheet('月度报表')!;
    expect(ms.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ms.getRow(1).values).toEqual([
      undefined,
      '承办单位',
      '收到（件）',
      '按期化解（件）',
      '超期化解（件）',
      '移送（件）',
      '追回金额（元）',
      '涉及人数（人）',
    ]);
    for (let c = 1; c <= 7; c++) expect(ms.getColumn(c).width).toBeGreaterThanOrEqual(10);
    const lines = new Map<string, unknown[]>();
    let totalRow = 0;
    ms.eachRow((row, n) => {
      if (n === 1) return;
      const name = String(row.getCell(1).value ?? '');
      if (name === '合计') totalRow = n;
      else if (totalRow === 0 && name !== '') lines.set(name, (row.values as unknown[]).slice(2));
    });
    // Every active unit (14 towns, 2 companies) has a line; the fixture's 5 cases are in
    // choucheng (2), fotang, beiyuan and jiangdong, all received this (China) month.
    expect(lines.size).toBe(16);
    expect(totalRow).toBe(18);
    expect(lines.get('稠城街道')).toEqual([2, 1, 0, 0, 2500.5, 2]);
    expect(lines.get('佛堂镇')).toEqual([1, 0, 0, 0, 0, 1]);
    expect(lines.get('义亭镇')).toEqual([0, 0, 0, 0, 0, 0]);
    const total = ms.getRow(totalRow);
    const sums = [0, 0, 0, 0, 0, 0];
    for (const v of lines.values()) {
      v.forEach((x, i) => {
        sums[i]! += x as number;
      });
    }
    expect(sums).toEqual([5, 1, 0, 0, 2500.5, 5]);
    for (let c = 2; c <= 7; c++) {
      const cell = total.getCell(c);
      const letter = String.fromCharCode(64 + c);
      expect(cell.formula).toBe(`SUM(${letter}2:${letter}${totalRow - 1})`);
      // The cached result (`value` leaves a cached 0 out; `result` reads what the file holds).
      expect(cell.result).toBe(sums[c - 2]);
      expect(cell.numFmt).toBe(c === 6 ? '#,##0.00' : '0');
    }
    expect(ms.getRow(2).getCell(6).numFmt).toBe('#,##0.00');
    expect(String(ms.getRow(totalRow + 2).getCell(1).value)).toContain('2026年11月');

    // Another month by name: nothing was received in October.
    const oct = await workbook(await t.api(office, 'GET', '/api/exports/cases.xlsx?month=2026-10'));
    const octTotal = oct.getWorksheet('月度报表')!.getRow(18).getCell(2);
    expect(octTotal.formula).toBe('SUM(B2:B17)');
    expect(octTotal.result).toBe(0);
    expect((await t.api(office, 'GET', '/api/exports/cases.xlsx?month=2026-13')).status).toBe(400);
    // The CSV takes no month: its query stays what it was.
    expect((await t.api(office, 'GET', '/api/exports/cases.csv?month=2026-11')).status).toBe(400);
  });

  it('GET /api/exports/monthly.xlsx: the report alone, in the reader’s scope, audited', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const own = await workbook(
      await t.api(officer, 'GET', '/api/exports/monthly.xlsx?month=2026-11'),
    );
    expect(own.worksheets.map((w) => w.name)).toEqual(['月度报表']);
    const ms = own.getWorksheet('月度报表')!;
    expect(ms.getRow(2).values).toEqual([undefined, '稠城街道', 2, 0, 0, 0, 0, 2]);
    expect(String(ms.getRow(3).getCell(1).value)).toBe('合计');

    const office = await t.login('office.1');
    const res = await t.api(office, 'GET', '/api/exports/monthly.xlsx?month=2026-11&townId=fotang');
    expect(res.headers.get('Content-Disposition')).toBe(
      'attachment; filename="anxin-monthly-2026-11.xlsx"',
    );
    const one = (await workbook(res)).getWorksheet('月度报表')!;
    expect(one.getRow(2).values).toEqual([undefined, '佛堂镇', 1, 0, 0, 0, 0, 1]);
    const bad = await t.api(office, 'GET', '/api/exports/monthly.xlsx?month=2026-1');
    expect(bad.status).toBe(400);
    const err = await jsonOf<{ error: { fields: Record<string, string> } }>(bad);
    expect(err.error.fields.month).toBe('月份格式应为 YYYY-MM，例如 2026-11');
    expect((await t.api(null, 'GET', '/api/exports/monthly.xlsx')).status).toBe(401);

    const audit = await jsonOf<{
      entries: Array<{ actorId: string; action: string; detail: Record<string, unknown> }>;
    }>(await t.api(office, 'GET', '/api/office/audit'));
    expect(audit.entries.filter((e) => e.action === 'export.monthly')).toHaveLength(2);
    expect(audit.entries.map((e) => e.detail)).toContainEqual({
      format: 'xlsx',
      month: '2026-11',
      rows: 1,
      filter: { townId: 'fotang' },
    });
  });
});

describe('case CSV', () => {
  it('stays text: BOM, CRLF, yuan with two decimals, China times, formula guard, quoting', () => {
    const table: ExportTable = {
      personal: false,
      filter: {},
      rows: [
        [
          'AX-2026-00001',
          '稠城街道',
          '已化解',
          '按期化解',
          '来访',
          '2026-11-19T16:05:00.000Z',
          null,
          '2026-11-20T01:30:00.000Z',
          null,
          '=HYPERLINK("x")',
          '91330782MA2E9XNL0D',
          '张三、李四',
          '138****8000、139****0001',
          '110101********0011',
          2,
          1_000_005,
          -7,
          '全额支付',
          '陈晓东, 稠城',
          '工程建设',
          '稠城安置房二期',
          '+浙江某建工集团',
        ],
      ],
    };
    expect(toCsv(table)).toBe(
      '\uFEFF案件编号,镇街,状态,1-3-7,来源,受理时间,首次处置时间,化解时间,结案时间,用人单位,统一社会信用代码,劳动者,手机号码,身份证号码,人数,欠薪金额（元）,追回金额（元）,结果,承办人,行业,工程项目,总承包单位\r\n' +
        'AX-2026-00001,稠城街道,已化解,按期化解,来访,2026-11-20 00:05,,2026-11-20 09:30,,"\'=HYPERLINK(""x"")",91330782MA2E9XNL0D,张三、李四,138****8000、139****0001,110101********0011,2,10000.05,\'-0.07,全额支付,"陈晓东, 稠城",工程建设,稠城安置房二期,\'+浙江某建工集团\r\n',
    );
  });
});
