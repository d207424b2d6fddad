import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { uniqueEmployer, uniqueMobile } from '../support/data';
import { ARTIFACTS } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 5, scenario 2: the office changes a field online while the officer, offline, changes
 * the same field. On sync the server copy wins and is shown; the officer's value waits in
 * the conflicts inbox, and "apply again" puts it on top of the new server version.
 */
test('same field changed by office online and officer offline: server wins, inbox keeps mine, apply again', async ({
  app,
  page,
  context,
  officeApi,
  officerApi,
}) => {
  const employer = uniqueEmployer('冲突');
  const caseId = `e2e-${randomUUID()}`;
  const created = await officeApi.push([
    {
      name: 'case.create',
      args: {
        id: caseId,
        townId: 'choucheng',
        source: 'hotline_110',
        employer: { name: employer },
        claimants: [{ name: '赵六', mobile: uniqueMobile(), owedFen: 880_000 }],
        workersCount: 1,
        description: '原始说明',
      },
    },
  ]);
  expect(created[0]?.status).toBe('applied');
  const baseVersion = created[0]!.version!;

  await app.signInAndSync();
  await app.caseDetail.open(caseId);
  await expect(app.caseDetail.description).toHaveText('原始说明');

  await app.setOffline(true);

  const officeEdit = await officeApi.push([
    {
      name: 'case.update',
      args: { id: caseId, patch: { description: '办公室核实：已联系老板' } },
      baseVersion,
    },
  ]);
  expect(officeEdit[0]?.status).toBe('applied');

  await app.caseDetail.edit();
  await page.locator('#description').fill('外勤现场：老板同意今天支付');
  await page.getByTestId('save-case').click();
  await expect(app.caseDetail.description).toHaveText('外勤现场：老板同意今天支付');
  await app.syncBar.expectPending(1);

  await context.setOffline(false);
  await app.syncBar.expectOnline();
  await expect(app.syncBar.conflicts).toBeVisible({ timeout: 30_000 });
  await app.syncBar.expectPending(0);

  // The server copy is what the case shows now…
  await expect(app.caseDetail.description).toHaveText('办公室核实：已联系老板');
  // …and what the officer typed waits in the inbox, beside the server's value.
  await app.conflicts.open();
  const item = app.conflicts.items.filter({ hasText: '外勤现场：老板同意今天支付' });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-kind', 'conflict');
  await expect(item.getByTestId('conflict-mine')).toContainText('外勤现场：老板同意今天支付');
  await expect(item.getByTestId('conflict-server')).toContainText('办公室核实：已联系老板');

  // Both sides changed the description, so the officer says which to keep before sending.
  await expect(item.getByTestId('conflict-reapply')).toBeDisabled();
  await app.conflicts.choose(item, '情况说明', 'mine');
  await app.conflicts.reapply(item);
  await expect(app.conflicts.items.filter({ hasText: '外勤现场：老板同意今天支付' })).toHaveCount(
    0,
  );
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();

  await app.caseDetail.open(caseId);
  await expect(app.caseDetail.description).toHaveText('外勤现场：老板同意今天支付');
  const server = await officerApi.getCase(caseId);
  expect(server.description).toBe('外勤现场：老板同意今天支付');
});

/**
 * Issue 15: the inbox a person can read. The office changes the description (and the
 * employer's phone) at the desk while the officer, offline, changes the description, the
 * number of workers and a claimant's amount. The case page says a change was not accepted
 * and links to it; the item names the case and who changed the server copy, shows each value
 * with its label, money as ¥, mine beside the server's; the officer merges the two
 * descriptions, keeps their own other values, confirms, and the server ends up with all of it.
 */
test('a conflict resolved value by value, with the two descriptions merged', async ({
  app,
  page,
  context,
  officeApi,
  officerApi,
}) => {
  const employer = uniqueEmployer('合并');
  const caseId = `e2e-${randomUUID()}`;
  const created = await officeApi.push([
    {
      name: 'case.create',
      args: {
        id: caseId,
        townId: 'choucheng',
        source: 'hotline_110',
        employer: { name: employer, contactName: '王老板', contactPhone: '13905790000' },
        claimants: [{ name: '赵六', mobile: uniqueMobile(), owedFen: 880_000 }],
        workersCount: 1,
        description: '原始说明',
      },
    },
  ]);
  expect(created[0]?.status).toBe('applied');
  const baseVersion = created[0]!.version!;

  await app.signInAndSync();
  await app.caseDetail.open(caseId);
  await app.setOffline(true);

  const officeEdit = await officeApi.push([
    {
      name: 'case.update',
      args: {
        id: caseId,
        patch: {
          description: '办公室核实：已联系老板',
          employer: { name: employer, contactName: '王老板', contactPhone: '13905790001' },
        },
      },
      baseVersion,
    },
  ]);
  expect(officeEdit[0]?.status).toBe('applied');

  await app.caseDetail.edit();
  await page.locator('#description').fill('外勤现场：老板同意今天支付');
  await page.locator('#workersCount').fill('3');
  await page.locator('#claimant-0-owed').fill('9000');
  await page.getByTestId('save-case').click();
  await app.syncBar.expectPending(1);

  await context.setOffline(false);
  await app.syncBar.expectOnline();
  await expect(app.syncBar.conflicts).toBeVisible({ timeout: 30_000 });

  // The case page says so, and leads to the item.
  await app.caseDetail.open(caseId);
  const notice = page.getByTestId('case-unaccepted');
  await expect(notice).toContainText('你的 1 处修改未被接受');
  await notice.getByTestId('case-unaccepted-link').click();
  await app.conflicts.expectOpen();

  const item = app.conflicts.items.filter({ hasText: employer });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveClass(/focused/);
  await expect(item.getByTestId('conflict-subject')).toContainText(`YW-`);
  await expect(item.getByTestId('conflict-subject')).toContainText(employer);
  await expect(item.getByTestId('conflict-changed-by')).toContainText('张敏（市局）');
  await expect(item.getByTestId('conflict-changed-by')).toContainText('修改了服务器上的数据');
  // No internal keys, no JSON: labels, and money as ¥ in zh-CN digits.
  await expect(item).not.toContainText('owedFen');
  await expect(item).not.toContainText('{');
  const owed = app.conflicts.field(item, '欠薪金额');
  await expect(owed.getByTestId('conflict-mine')).toContainText('¥9,000.00');
  await expect(owed.getByTestId('conflict-server')).toContainText('¥8,800.00');
  await expect(owed.locator('mark').first()).toBeVisible();
  await expect(
    app.conflicts.field(item, '涉及人数').getByTestId('conflict-use-mine'),
  ).toBeChecked();

  // The description changed on both sides: it waits for a choice, then merges both texts.
  await expect(item.getByTestId('conflict-left')).toContainText('还有 1 处需要选择');
  await expect(item.getByTestId('conflict-reapply')).toBeDisabled();
  await app.conflicts.choose(item, '情况说明', 'merge');
  const box = app.conflicts.field(item, '情况说明').getByTestId('conflict-merge-text');
  await expect(box).toHaveValue('办公室核实：已联系老板\n外勤现场：老板同意今天支付');
  await box.fill('办公室核实：已联系老板。外勤现场：老板同意今天支付');

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'conflict-inbox-360.png'), fullPage: true });

  // Sending asks first, saying what goes.
  await item.getByTestId('conflict-reapply').click();
  await expect(item.getByTestId('conflict-summary')).toContainText('情况说明：合并');
  await expect(item.getByTestId('conflict-summary')).toContainText('涉及人数：用我的');
  await item.getByTestId('conflict-confirm').click();
  await expect(app.conflicts.items.filter({ hasText: employer })).toHaveCount(0);
  // A sync the app started by itself may still be under way: wait for it, then send.
  await expect(app.syncBar.syncNowButton).toBeEnabled({ timeout: 60_000 });
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced(60_000);

  const server = (await officerApi.getCase(caseId)) as {
    description: string;
    workersCount: number;
    employer: { contactPhone?: string };
    claimants: Array<{ owedFen: number }>;
  };
  expect(server.description).toBe('办公室核实：已联系老板。外勤现场：老板同意今天支付');
  expect(server.workersCount).toBe(3);
  expect(server.claimants[0]?.owedFen).toBe(900_000);
  // The office's phone, which the officer never touched, stays.
  expect(server.employer.contactPhone).toBe('13905790001');
  await app.caseDetail.open(caseId);
  await expect(app.caseDetail.description).toHaveText(
    '办公室核实：已联系老板。外勤现场：老板同意今天支付',
  );
  await expect(page.getByTestId('case-unaccepted')).toHaveCount(0);
});
