import { randomUUID } from 'node:crypto';
import { uniqueEmployer, uniqueMobile } from '../support/data';
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
