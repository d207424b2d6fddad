import { randomUUID } from 'node:crypto';
import type { CaseListAnswer, OfficeDashboard } from '@anxin/shared';
import type { APIRequestContext } from '@playwright/test';
import { OfficeWorkspacePage } from '../pages/office';
import type { ApiClient } from '../support/api';
import { uniqueEmployer, uniqueMobile } from '../support/data';
import { expect, test } from '../support/fixtures';

/**
 * Issue 16 "Must show": the dashboard's 待审核 equals the review queue's count on the same
 * data. The queue lists what the office must review — resolved and transferred cases — and
 * the figure counts the same statuses (docs/dashboard-figures.md), so a transferred case
 * moves both by one.
 */

async function caseAt(
  officer: ApiClient,
  to: 'resolved' | 'transferred',
  employer: string,
): Promise<string> {
  const id = `e2e-${randomUUID()}`;
  const create = await officer.push([
    {
      name: 'case.create',
      args: {
        id,
        townId: 'choucheng',
        source: 'walk_in',
        employer: { name: employer },
        claimants: [{ name: '周八', mobile: uniqueMobile(), owedFen: 830_000 }],
        workersCount: 1,
        description: '来访：两个月工资未发',
      },
    },
  ]);
  expect(create[0]?.status).toBe('applied');
  // An officer's own case starts in progress (first action at receipt); then one move.
  const last =
    to === 'resolved'
      ? { to, outcome: 'paid_in_full', recoveredFen: 830_000 }
      : { to, transferTarget: 'arbitration', comment: '用人单位拒不支付，移送仲裁' };
  const current = (await officer.getCase(id)) as { status: string; version: number };
  const moves = current.status === 'in_progress' ? [last] : [{ to: 'in_progress' }, last];
  let version = current.version;
  for (const m of moves) {
    const [r] = await officer.push([
      { name: 'case.transition', args: { id, ...m }, baseVersion: version },
    ]);
    expect(r?.status, JSON.stringify(r)).toBe('applied');
    version++;
  }
  expect(await officer.getCase(id)).toMatchObject({ status: to });
  return id;
}

async function read<T>(request: APIRequestContext, api: ApiClient, path: string): Promise<T> {
  const res = await request.get(path, { headers: { Authorization: `Bearer ${api.token}` } });
  expect(res.ok(), path).toBe(true);
  return (await res.json()) as T;
}

test('the dashboard’s 待审核 is the review queue’s count, transferred cases included', async ({
  app,
  page,
  officerApi,
  officeApi,
  request,
}) => {
  const transferredEmployer = uniqueEmployer('移送');
  await caseAt(officerApi, 'resolved', uniqueEmployer('化解'));
  await caseAt(officerApi, 'transferred', transferredEmployer);

  const desk = new OfficeWorkspacePage(page);
  await app.signInAndSync('office.1');

  // The review queue: its heading says how many cases wait, and the transfer is among them.
  await desk.openIntake();
  await desk.openReview();
  await expect(desk.reviewRows.filter({ hasText: transferredEmployer })).toHaveCount(1);
  const heading = page.getByRole('heading', { level: 2, name: /待审核案件/ });
  await expect(heading).toHaveText(/\(\d+\)/);
  const queueCount = Number(/\((\d+)\)/.exec(await heading.innerText())?.[1]);

  // The dashboard, same data, no filter: the same number.
  await desk.openDashboard();
  await expect
    .poll(async () => Number(await desk.tileValue('待审核')), { timeout: 15_000 })
    .toBe(queueCount);

  // And both are what the server holds: resolved + transferred, more than resolved alone.
  const dash = await read<OfficeDashboard>(request, officeApi, '/api/office/dashboard');
  const queue = await read<CaseListAnswer>(
    request,
    officeApi,
    '/api/cases?status=resolved,transferred&limit=1',
  );
  const resolvedOnly = await read<CaseListAnswer>(
    request,
    officeApi,
    '/api/cases?status=resolved&limit=1',
  );
  expect(dash.awaitingReview).toBe(queueCount);
  expect(queue.total).toBe(queueCount);
  expect(resolvedOnly.total).toBeLessThan(queueCount);
});
