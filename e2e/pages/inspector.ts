import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The inspector's screens (/inspector): the weekly plan, "出发准备" (prepare trip: download
 * and pre-departure check) and the visit notes of one planned case.
 */
export class InspectorPage {
  readonly currentPlan: Locator;
  readonly tripCheck: Locator;
  readonly visitNotes: Locator;

  constructor(private readonly page: Page) {
    this.currentPlan = page.getByTestId('current-plan');
    this.tripCheck = page.getByTestId('trip-check');
    this.visitNotes = page.getByTestId('visit-notes');
  }

  private get tabs(): Locator {
    return this.page.getByRole('navigation', { name: '走访' });
  }

  async openPlan(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '监察走访' })
      .click();
    await expect(this.page.getByRole('heading', { level: 2, name: '本周走访计划' })).toBeVisible();
  }

  /** Back to the plan from another inspector screen (no reload: works offline). */
  async backToPlan(): Promise<void> {
    await this.tabs.getByRole('link', { name: '走访计划' }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: '本周走访计划' })).toBeVisible();
  }

  async visitTownOn(townZh: string, date: string): Promise<void> {
    await this.page.getByRole('combobox', { name: townZh, exact: true }).selectOption(date);
  }

  /** A suggested case's box in the plan, by its unique employer name. */
  caseBox(employer: string): Locator {
    return this.page.getByRole('checkbox', { name: new RegExp(escapeRegExp(employer)) });
  }

  /** The hint beside a case's box while its town has no day yet ("先为…选择走访日期"). */
  pickDayFirstHint(employer: string): Locator {
    return this.page
      .getByRole('listitem')
      .filter({ has: this.caseBox(employer) })
      .getByText(/^先为.+选择走访日期$/);
  }

  /** Ticks a suggested case (by its unique employer name) into the plan. */
  async pickCase(employer: string): Promise<void> {
    const box = this.caseBox(employer);
    await expect(box).toBeEnabled();
    await box.check();
  }

  get saveButton(): Locator {
    return this.page.getByRole('button', { name: '保存计划' });
  }

  /** What became of the last save, said beside the save button. */
  get saveStatus(): Locator {
    return this.page.getByTestId('plan-save-status');
  }

  async savePlan(): Promise<void> {
    await this.saveButton.click();
  }

  plannedCase(employer: string): Locator {
    return this.currentPlan.getByRole('link', { name: new RegExp(escapeRegExp(employer)) });
  }

  /** "出发准备" → "下载并检查": waits for the pre-departure check to be shown. */
  async prepareTrip(): Promise<void> {
    await this.page.getByRole('link', { name: '出发准备' }).first().click();
    await expect(this.page.getByRole('heading', { level: 2, name: '出发准备' })).toBeVisible();
    await this.page.getByRole('button', { name: '下载并检查' }).click();
    await expect(this.tripCheck).toBeVisible({ timeout: 60_000 });
  }

  checkItem(key: string): Locator {
    return this.tripCheck.locator(`[data-check="${key}"]`);
  }

  async openPlannedCase(employer: string): Promise<void> {
    await this.plannedCase(employer).click();
    await expect(
      this.page.getByRole('heading', { level: 2, name: new RegExp(escapeRegExp(employer)) }),
    ).toBeVisible();
  }

  async addVisitNote(text: string): Promise<void> {
    await this.page.getByLabel('新增走访记录').fill(text);
    await this.page.getByRole('button', { name: '保存记录' }).click();
    await expect(this.visitNotes.getByText(text)).toBeVisible();
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
