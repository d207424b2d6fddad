import { createHash } from 'node:crypto';
import type { ApiError } from '@anxin/shared';
import { MAX_ATTACHMENT_BYTES } from '@anxin/shared';
import { expect, it } from 'vitest';
import type { CaseDetail } from '../src/services/cases/case-service';
import { TEST_CASES } from '../test-support';
import { forEachDialect, jsonOf, pushOne, useTestApi } from '../test-support/suite';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 0xff, 0xd9]);

forEachDialect('blobs by content hash', (dialect) => {
  const get = useTestApi(dialect);

  const put = (token: string, hash: string, body: Uint8Array, type = 'image/jpeg') =>
    get().fetch(`/api/blobs/${hash}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
      body,
    });
  const read = (token: string, hash: string) =>
    get().fetch(`/api/blobs/${hash}`, { headers: { Authorization: `Bearer ${token}` } });

  it('stores once, idempotently, and serves the uploader before linking', async () => {
    const officer = await get().login('officer.choucheng');
    const first = await put(officer, sha(JPEG), JPEG);
    expect(first.status).toBe(201);
    expect((await put(officer, sha(JPEG), JPEG)).status).toBe(200);
    const back = await read(officer, sha(JPEG));
    expect(back.status).toBe(200);
    expect(back.headers.get('Content-Type')).toBe('image/jpeg');
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(JPEG);
  });

  it('verifies the hash, the type and the size', async () => {
    const officer = await get().login('officer.choucheng');
    const wrong = await put(officer, sha(new Uint8Array([1])), JPEG);
    expect(wrong.status).toBe(400);
    expect((await jsonOf<ApiError>(wrong)).error.fields?.sha256).toBeDefined();
    expect((await put(officer, sha(JPEG), JPEG, 'text/html')).status).toBe(415);
    expect((await put(officer, sha(JPEG), JPEG, 'image/svg+xml')).status).toBe(415);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    expect((await put(officer, sha(big), big)).status).toBe(413);
    expect((await put(officer, 'not-a-hash', JPEG)).status).toBe(400);
    const count = await get()
      .db.selectFrom('blobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('serves a linked blob only to users in scope of a case that links it', async () => {
    const officer = await get().login('officer.choucheng');
    const inspector = await get().login('inspector.1');
    const fotang = await get().login('officer.fotang');
    await put(officer, sha(JPEG), JPEG);
    expect((await read(inspector, sha(JPEG))).status).toBe(404);
    const link = await pushOne(get(), officer, {
      name: 'attachment.link',
      args: {
        sha256: sha(JPEG),
        caseId: TEST_CASES.chouchengOwn,
        kind: 'photo',
        mime: 'image/jpeg',
        size: JPEG.length,
      },
    });
    expect(link.status).toBe('applied');
    expect((await read(inspector, sha(JPEG))).status).toBe(200);
    expect((await read(fotang, sha(JPEG))).status).toBe(404);
    const detail = await jsonOf<CaseDetail>(
      await get().api(officer, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}`),
    );
    expect(detail.attachments).toMatchObject([
      { sha256: sha(JPEG), kind: 'photo', mime: 'image/jpeg', size: JPEG.length },
    ]);
  });

  it('refuses to link a blob that was never uploaded', async () => {
    const officer = await get().login('officer.choucheng');
    const r = await pushOne(get(), officer, {
      name: 'attachment.link',
      args: {
        sha256: sha(JPEG),
        caseId: TEST_CASES.chouchengOwn,
        kind: 'photo',
        mime: 'image/jpeg',
        size: JPEG.length,
      },
    });
    expect(r.status).toBe('rejected');
    expect(r.error?.fields?.sha256).toBeDefined();
  });
});
