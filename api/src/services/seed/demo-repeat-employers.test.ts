import type { Dashboard } from '@anxin/shared';
import { normalizeEmployerName } from '@anxin/shared';
import { afterEach, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test-support';
import { allCasesInScope } from '../../repositories/cases';
import { seedDemo } from './seed';

let t: TestApi | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

it('the demo dashboard lists the employers the demo files under several codes', async () => {
  t = await startTestApi({ empty: true });
  await seedDemo(t.deps, 300);
  const cases = await allCasesInScope(t.deps.db, { all: true });
  // The demo gives every case a fresh random code, so no code is ever shared: grouping by
  // code alone listed no repeat offender, though the same firm names come back again and again.
  const codes = cases.flatMap((c) => (c.employer.creditCode ? [c.employer.creditCode] : []));
  expect(new Set(codes).size).toBe(codes.length);
  const codesOf = (name: string) =>
    new Set(
      cases
        .filter((c) => normalizeEmployerName(c.employer.name) === normalizeEmployerName(name))
        .map((c) => c.employer.creditCode),
    );

  const token = await t.login('office.1');
  const d = (await (await t.api(token, 'GET', '/api/dashboard')).json()) as Dashboard;
  expect(d.repeatEmployers.length).toBeGreaterThan(0);
  // Each listed once, under one of its codes, with all its cases counted.
  const names = d.repeatEmployers.map((e) => normalizeEmployerName(e.name));
  expect(new Set(names).size).toBe(names.length);
  for (const e of d.repeatEmployers) {
    expect(e.cases).toBeGreaterThanOrEqual(2);
    expect(codesOf(e.name).size).toBe(e.cases);
    expect(codesOf(e.name).has(e.creditCode)).toBe(true);
  }
  // Among them employers filed under four (or more) different codes.
  expect(d.repeatEmployers.some((e) => codesOf(e.name).size >= 4)).toBe(true);
}, 120_000);
