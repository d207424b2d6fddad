import { expect, type Locator, type Page } from '@playwright/test';

export interface MediationInput {
  facts: string;
  terms: string;
  agreedYuan: string;
  paidOnSiteYuan: string;
  instalments: Array<{ dueDate: string; amountYuan: string }>;
  photoPath?: string;
}

const SIGNERS = ['worker', 'employer', 'officer'] as const;

export class MediationPage {
  readonly step: Locator;

  constructor(private readonly page: Page) {
    this.step = page.getByTestId('mediation-step');
  }

  async next(expectStep: number): Promise<void> {
    await this.page.getByTestId('mediation-next').click();
    await expect(this.step).toHaveAttribute('data-step', String(expectStep));
  }

  /**
   * Signs on the full-screen pad, as a finger would: opens it from the signer's place on the
   * form, draws a few strokes across it (the first one counts: nothing covers the pad), and
   * confirms with 完成.
   */
  async sign(signer: (typeof SIGNERS)[number], seed: number): Promise<void> {
    const place = this.page.getByTestId(`sig-sign-${signer}`);
    await place.getByTestId(`sign-open-sign-${signer}`).click();
    const pad = this.page.getByTestId('signature-pad-full');
    await expect(pad).toBeVisible();
    const canvas = pad.locator('canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error(`signature pad ${signer} not visible`);
    const m = this.page.mouse;
    for (let stroke = 0; stroke < 3; stroke++) {
      const y0 = box.y + box.height * (0.3 + 0.2 * stroke);
      await m.move(box.x + box.width * 0.15, y0);
      await m.down();
      for (let i = 1; i <= 12; i++) {
        const x = box.x + box.width * (0.15 + (0.7 * i) / 12);
        const y = y0 + Math.sin((i + seed) / 2) * box.height * 0.12;
        await m.move(x, y, { steps: 2 });
      }
      await m.up();
    }
    await pad.getByTestId('signature-done').click();
    await expect(pad).toBeHidden();
    await expect(place).toHaveAttribute('data-signed', 'true');
  }

  /** Draws ONE short stroke and confirms: a stroke that is lost leaves 完成 disabled. */
  async signWithOneStroke(signer: (typeof SIGNERS)[number]): Promise<void> {
    const place = this.page.getByTestId(`sig-sign-${signer}`);
    await place.getByTestId(`sign-open-sign-${signer}`).click();
    const pad = this.page.getByTestId('signature-pad-full');
    const box = await pad.locator('canvas').boundingBox();
    if (!box) throw new Error(`signature pad ${signer} not visible`);
    const m = this.page.mouse;
    await m.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await m.down();
    await m.move(box.x + box.width * 0.6, box.y + box.height * 0.55, { steps: 6 });
    await m.up();
    await expect(pad.getByTestId('signature-done')).toBeEnabled();
    await pad.getByTestId('signature-done').click();
    await expect(place).toHaveAttribute('data-signed', 'true');
  }

  async fillAll(input: MediationInput): Promise<void> {
    const p = this.page;
    await expect(this.step).toHaveAttribute('data-step', '0');
    await expect(p.locator('#place')).not.toHaveValue('');
    await this.next(1);
    await p.locator('#facts').fill(input.facts);
    await p.locator('#terms').fill(input.terms);
    await this.next(2);
    await p.locator('#amountAgreed').fill(input.agreedYuan);
    await p.locator('#amountPaidOnSite').fill(input.paidOnSiteYuan);
    for (const [i, ins] of input.instalments.entries()) {
      await p.getByTestId('add-instalment').click();
      await p.locator(`#instalment-${i}-date`).fill(ins.dueDate);
      await p.locator(`#instalment-${i}-amount`).fill(ins.amountYuan);
    }
    await this.next(3);
    for (const [i, s] of SIGNERS.entries()) await this.sign(s, i);
    if (input.photoPath) {
      await p.getByTestId('mediation-photo-input').setInputFiles(input.photoPath);
      await expect(p.getByTestId('mediation-photo')).toHaveCount(1);
    }
  }

  /** Saves and waits for the agreement the form opens; returns the mediation id. */
  async save(): Promise<string> {
    await this.page.getByTestId('mediation-save').click();
    return this.onAgreement();
  }

  /**
   * Saves with a party's signature missing: the form asks first; `confirm` saves the draft,
   * otherwise the officer goes back to signing.
   */
  async saveUnsigned(confirm: boolean): Promise<string | null> {
    await this.page.getByTestId('mediation-save').click();
    const ask = this.page.getByTestId('confirm-unsigned');
    await expect(ask).toBeVisible();
    if (!confirm) {
      await ask.getByRole('button', { name: '取消' }).click();
      await expect(ask).toBeHidden();
      return null;
    }
    await ask.getByRole('button', { name: '保存为草稿' }).click();
    return this.onAgreement();
  }

  private async onAgreement(): Promise<string> {
    await expect(this.page.getByTestId('agreement')).toBeVisible();
    const id = /\/mediations\/([^/]+)\/agreement$/.exec(new URL(this.page.url()).pathname)?.[1];
    if (!id) throw new Error(`not on an agreement page: ${this.page.url()}`);
    return id;
  }
}
