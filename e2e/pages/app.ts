import { expect, type Page } from '@playwright/test';
import { AgreementPage } from './agreement';
import { CaseDetailPage } from './case-detail';
import { CaseFormPage } from './case-form';
import { CaseListPage } from './case-list';
import { ConflictsPage } from './conflicts';
import { LockPage } from './lock';
import { MediationPage } from './mediation';
import { SignInPage } from './sign-in';
import { SyncBar } from './sync-bar';

/** The PWA as one object: every screen's page object, plus service-worker and network helpers. */
export class AppPage {
  readonly signIn: SignInPage;
  readonly syncBar: SyncBar;
  readonly cases: CaseListPage;
  readonly caseForm: CaseFormPage;
  readonly caseDetail: CaseDetailPage;
  readonly mediation: MediationPage;
  readonly agreement: AgreementPage;
  readonly conflicts: ConflictsPage;
  readonly lock: LockPage;

  constructor(readonly page: Page) {
    this.signIn = new SignInPage(page);
    this.syncBar = new SyncBar(page);
    this.cases = new CaseListPage(page);
    this.caseForm = new CaseFormPage(page);
    this.caseDetail = new CaseDetailPage(page);
    this.mediation = new MediationPage(page);
    this.agreement = new AgreementPage(page);
    this.conflicts = new ConflictsPage(page);
    this.lock = new LockPage(page);
  }

  /** The service worker is active, has precached the shell, and controls this page. */
  async waitForServiceWorker(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect
      .poll(() => this.page.evaluate(() => navigator.serviceWorker.controller !== null))
      .toBe(true);
  }

  async setOffline(offline: boolean): Promise<void> {
    await this.page.context().setOffline(offline);
    if (offline) await this.syncBar.expectOffline();
  }

  /** Signs in as the officer and waits for the first full sync. */
  async signInAndSync(username = 'officer.choucheng'): Promise<void> {
    await this.signIn.signIn(username);
    await this.syncBar.expectAllSynced(60_000);
    await this.waitForServiceWorker();
  }
}
