import type { EmployerHistory } from '@anxin/shared';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { TEST_CASES } from '../../test-support';
import { forEachDialect, jsonOf, useTestApi } from '../../test-support/suite';

const ROLES = ['officer.choucheng', 'officer.fotang', 'inspector.1', 'office.1', 'admin'] as const;
const CODE = '91330782MA2E9XNL0D';

forEachDialect('office and inspector reads', (dialect) => {
  const get = useTestApi(dialect);

  it('answers each role as its role and scope allow', async () => {
    const t = get();
    // [path, statuses in ROLES order]
    const table: Array<[string, number[]]> = [
      ['/api/office/intake', [403, 403, 403, 200, 200]],
      [`/api/cases/duplicates?creditCode=${CODE}`, [403, 403, 403, 200, 200]],
      ['/api/office/audit', [403, 403, 403, 200, 200]],
      ['/api/office/dashboard', [200, 200, 200, 200, 200]],
      ['/api/visits/plans', [200, 200, 200, 200, 200]],
      ['/api/visits/candidates', [200, 200, 200, 200, 403]],
      [`/api/employers/history?creditCode=${CODE}`, [200, 200, 200, 200, 200]],
      ['/api/insurance/claims', [200, 200, 200, 200, 200]],
      ['/api/exports/cases.csv', [200, 200, 200, 200, 200]],
    ];
    for (const [path] of table) {
      expect((await t.fetch(path)).status, `${path} without a session`).toBe(401);
    }
    for (const [i, user] of ROLES.entries()) {
      const token = await t.login(user);
      for (const [path, statuses] of table) {
        expect((await t.api(token, 'GET', path)).status, `${user} ${path}`).toBe(statuses[i]);
      }
    }
    // Unknown /api paths still answer 404 (auth is per route on the shared /api mount).
    expect((await t.fetch('/api/nope')).status).toBe(404);
  });

  it('rejects bad filters with 400 and field errors', async () => {
    const t = get();
    const office = await t.login('office.1');
    for (const path of [
      '/api/office/intake?source=fax',
      '/api/cases/duplicates',
      '/api/office/dashboard?from=2026-02-30',
      '/api/exports/cases.csv?status=done',
      '/api/employers/history?creditCode=x',
      '/api/visits/plans?weekOf=soon',
      '/api/insurance/claims?status=lost',
    ]) {
      const res = await t.api(office, 'GET', path);
      expect(res.status, path).toBe(400);
      const body = await jsonOf<{ error: { fields?: Record<string, string> } }>(res);
      expect(Object.keys(body.error.fields ?? {}).length, path).toBeGreaterThan(0);
    }
  });

  it('intake lists received, unassigned cases with their duplicate hints', async () => {
    const t = get();
    const office = await t.login('office.1');
    const intake = await jsonOf<{
      items: Array<{
        case: { id: string; claimants: Array<{ mobile: string }> };
        duplicates: Array<{ id: string; reasons: string[] }>;
      }>;
    }>(await t.api(office, 'GET', '/api/office/intake'));
    expect(intake.items.map((i) => i.case.id)).toEqual([
      TEST_CASES.beiyuanReceived,
      TEST_CASES.jiangdongReceived,
    ]);
    // Every fixture case shares the employer and the claimant's numbers: all the others are hints.
    const hints = intake.items[0]!.duplicates;
    expect(hints.map((d) => d.id).sort()).toEqual(
      [
        TEST_CASES.chouchengAssigned,
        TEST_CASES.chouchengOwn,
        TEST_CASES.fotangAssigned,
        TEST_CASES.jiangdongReceived,
      ].sort(),
    );
    expect(hints[0]!.reasons).toEqual(['creditCode', 'mobile', 'idNumber']);
    expect(intake.items[0]!.case.claimants[0]!.mobile).toContain('*');
    const byTown = await jsonOf<{ items: unknown[] }>(
      await t.api(office, 'GET', '/api/office/intake?townId=jiangdong'),
    );
    expect(byTown.items).toHaveLength(1);
    const byMobile = await jsonOf<{ items: Array<{ id: string }> }>(
      await t.api(office, 'GET', '/api/cases/duplicates?mobile=%2B86%20138-0013-8000'),
    );
    expect(byMobile.items).toHaveLength(5);
  });

  it('employer history: own towns in full, the city-wide count only', async () => {
    const t = get();
    const officer = await t.login('officer.fotang');
    const h = await jsonOf<EmployerHistory>(
      await t.api(officer, 'GET', `/api/employers/history?creditCode=${CODE.toLowerCase()}`),
    );
    expect(h.cityTotal).toBe(5);
    expect(h.cases.map((c) => c.id)).toEqual([TEST_CASES.fotangAssigned]);
    expect(h.cases[0]!.owedFen).toBe(500_000);
  });

  it('exports CSV and XLSX in scope, masked unless the role may see it, each one audited', async () => {
    const t = get();
    const office = await t.login('office.1');
    const masked = await t.api(office, 'GET', '/api/exports/cases.csv');
    expect(masked.headers.get('Content-Type')).toContain('text/csv');
    expect(masked.headers.get('Content-Disposition')).toMatch(/attachment; filename="anxin-cases-/);
    const bytes = new Uint8Array(await masked.arrayBuffer());
    // The byte-order mark makes Excel read the file as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('案件编号,镇街,状态')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(text).not.toContain('13800138000');
    expect(text).toContain('138****8000');
    expect(text).not.toContain('110101199003070011');

    const full = await (await t.api(office, 'GET', '/api/exports/cases.csv?personal=1')).text();
    expect(full).toContain('13800138000');
    // Full ID numbers never leave in an export.
    expect(full).not.toContain('110101199003070011');
    const admin = await t.login('admin');
    const adminFull = await (await t.api(admin, 'GET', '/api/exports/cases.csv?personal=1')).text();
    expect(adminFull).not.toContain('13800138000');

    const officer = await t.login('officer.fotang');
    const own = await (await t.api(officer, 'GET', '/api/exports/cases.csv')).text();
    expect(own.trim().split('\r\n')).toHaveLength(2);

    const xlsx = await t.api(office, 'GET', '/api/exports/cases.xlsx?townId=choucheng');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.getWorksheet('案件')!;
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(1).getCell(1).value).toBe('案件编号');
    expect(String(ws.getRow(2).getCell(13).value)).toContain('*');

    const audit = await jsonOf<{
      entries: Array<{
        actorId: string;
        action: string;
        detail: { format: string; rows: number; personal: boolean };
      }>;
    }>(await t.api(office, 'GET', '/api/office/audit'));
    expect(audit.entries).toHaveLength(5);
    expect(audit.entries.every((e) => e.action === 'export.cases')).toBe(true);
    expect(
      audit.entries.map((e) => `${e.detail.format}:${e.detail.rows}:${e.detail.personal}`).sort(),
    ).toEqual(['csv:1:false', 'csv:5:false', 'csv:5:false', 'csv:5:true', 'xlsx:2:false']);
  });

  it('visit candidates are the flagged, hard or overdue cases of the asked towns in scope', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const flag = await t.api(officer, 'POST', '/api/sync/push', {
      clientId: 'device-candidates-1',
      mutations: [
        {
          id: 'flag-needs-help-1',
          name: 'case.update',
          args: { id: TEST_CASES.chouchengOwn, patch: { needsAssistance: true } },
          baseVersion: 1,
        },
      ],
    });
    expect(flag.status).toBe(200);
    const inspector = await t.login('inspector.1');
    const c = await jsonOf<{ items: Array<{ case: { id: string }; reasons: string[] }> }>(
      await t.api(inspector, 'GET', '/api/visits/candidates?townId=choucheng,jiangdong'),
    );
    expect(c.items.map((i) => [i.case.id, i.reasons])).toEqual([
      [TEST_CASES.chouchengOwn, ['assistance']],
    ]);
  });
});
