import type { Page } from '@playwright/test';
import { SyncProgressRecorder } from '../pages/sync-progress';
import { uniqueEmployer, uniqueMobile } from '../support/data';
import { expect, test } from '../support/fixtures';

/**
 * Issue 20: the officer sees how far a sync is — "正在下载 1,200 / 2,000 条" during a first
 * sync, "正在上传 3 / 12 张照片" while photos go up — and the counter ends where it said.
 * At 360 px, in Chromium.
 */

/** The numbers in "正在下载 40 / 312 条" / "正在上传 1 / 3 张照片" (with thousands separators). */
function numbersOf(text: string, re: RegExp): [number, number] | null {
  const m = re.exec(text);
  return m ? [Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))] : null;
}

/** A photo of its own (noise from `seed`): another picture, so another file to upload. */
async function distinctJpeg(page: Page, seed: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(async (s) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(canvas.width, canvas.height);
    let x = s * 2654435761;
    for (let i = 0; i < img.data.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      img.data[i] = i % 4 === 3 ? 255 : x >>> 24;
    }
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise<Blob>((resolve) =>
      canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.85),
    );
    return await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsDataURL(blob);
    });
  }, seed);
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

test('a first sync of several pages counts "正在下载 n / m 条" up to m, then the counter is gone', async ({
  app,
  page,
  context,
}, testInfo) => {
  const counts = new SyncProgressRecorder(page);
  await counts.install();
  // Small pages, each a moment on the way: the same feed in several pages, so the counter
  // has steps to show (the device asks for the server's maximum page).
  const limits: string[] = [];
  await context.route(/\/api\/sync\/pull\?/, async (route) => {
    const url = new URL(route.request().url());
    limits.push(url.searchParams.get('limit') ?? '');
    url.searchParams.set('limit', '40');
    await new Promise((r) => setTimeout(r, 300));
    await route.continue({ url: url.toString() });
  });

  // The pages come compressed (the browser's Accept-Encoding: gzip, and br where it sends it).
  const encodings: string[] = [];
  page.on('response', (res) => {
    if (/\/api\/sync\/pull\?/.test(res.url())) {
      encodings.push(res.headers()['content-encoding'] ?? 'identity');
    }
  });

  await app.signInAndSync();
  await expect(page.getByTestId('sync-progress')).toHaveCount(0);

  const all = await counts.seen();
  await testInfo.attach('sync-counts', {
    body: JSON.stringify({ encodings, all }, null, 2),
    contentType: 'application/json',
  });
  // Every full page (40 entries of JSON) came encoded; a caught-up one may be too small.
  expect(encodings.slice(0, -1).length).toBeGreaterThan(2);
  for (const e of encodings.slice(0, -1)) expect(['gzip', 'br']).toContain(e);

  const seen = all.filter((s) => s.phase === 'download' && s.total !== null);
  const pages = limits.length;
  expect(pages).toBeGreaterThan(3);
  expect(seen.length).toBeGreaterThan(3);
  for (const s of seen) {
    expect(numbersOf(s.text, /^正在下载 ([\d,]+) \/ ([\d,]+) 条$/), s.text).toEqual([
      s.done,
      s.total,
    ]);
    expect(s.done, s.text).toBeLessThanOrEqual(s.total!);
  }
  const done = seen.map((s) => s.done);
  expect([...done].sort((a, b) => a - b)).toEqual(done);
  expect(new Set(done).size).toBeGreaterThan(3);
  const last = seen.at(-1)!;
  expect(last.done).toBe(last.total);
  // What it counted is what the device now holds: every case of the officer's town.
  expect(last.total).toBeGreaterThan(40 * 3);
  await expect(app.cases.items.first()).toBeVisible();
});

test('photos taken offline go up as "正在上传 1 / 3 张照片" … "3 / 3", then the changes', async ({
  app,
  page,
  context,
  officerApi,
}, testInfo) => {
  const counts = new SyncProgressRecorder(page);
  await counts.install();
  await app.signInAndSync();

  await app.setOffline(true);
  await app.caseForm.openNew();
  const employer = uniqueEmployer('照片进度');
  await app.caseForm.fill({
    employer,
    claimants: [{ name: '褚十一', mobile: uniqueMobile(), owedYuan: '3200' }],
  });
  const caseId = await app.caseForm.saveAndOpen(employer);
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('case-photo-input').setInputFiles({
      name: `site-${i}.jpg`,
      mimeType: 'image/jpeg',
      buffer: await distinctJpeg(page, i),
    });
    await expect(page.getByTestId('case-photo')).toHaveCount(i);
  }
  // The case and one link per photo.
  await app.syncBar.expectPending(4);

  // A slow link for the files, so each step shows.
  await context.route('**/api/blobs/*', async (route) => {
    if (route.request().method() === 'PUT') await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  await counts.clear();
  await context.setOffline(false);
  await app.syncBar.expectAllSynced();
  await expect(page.getByTestId('sync-progress')).toHaveCount(0);

  await testInfo.attach('sync-counts', {
    body: JSON.stringify(await counts.seen(), null, 2),
    contentType: 'application/json',
  });
  const photos = await counts.seen('upload-photos');
  for (const s of photos) {
    expect(numbersOf(s.text, /^正在上传 ([\d,]+) \/ ([\d,]+) 张照片$/), s.text).toEqual([
      s.done,
      s.total,
    ]);
    expect(s.total).toBe(3);
  }
  const done = photos.map((s) => s.done);
  expect([...done].sort((a, b) => a - b)).toEqual(done);
  expect(done).toContain(1);
  expect(done).toContain(2);
  expect(done.at(-1)).toBe(3);
  // After the files, the changes that use them: counted as changes, not photos.
  const all = await counts.seen();
  const lastPhoto = all.findLastIndex((s) => s.phase === 'upload-photos');
  expect(all.slice(lastPhoto + 1).some((s) => s.phase === 'upload' || s.phase === 'download')).toBe(
    true,
  );

  // And the server has all three, linked to the case.
  const changes = await officerApi.pullAll();
  const linked = changes.filter(
    (c) => c.entity === 'attachment' && c.op === 'put' && c.id.startsWith(`${caseId}:`),
  );
  expect(linked).toHaveLength(3);
});
