import { createHash, randomBytes } from 'node:crypto';
import type { ApiError, PushResult } from '@anxin/shared';
import { expect, it } from 'vitest';
import { expireUnlinkedBlobs } from '../src/services/blobs';
import { TEST_CASES } from '../test-support';
import { forEachDialect, jsonOf, mid, pushOne, useTestApi } from '../test-support/suite';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A JPEG-looking body of `size` bytes, different every call. */
function jpeg(size = 2048): Uint8Array {
  const b = new Uint8Array(size);
  b.set(randomBytes(size));
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}

function mediation(caseId: string, extra: { signatures?: object; photoHashes?: string[] }) {
  return {
    id: mid('med'),
    caseId,
    heldAt: '2026-11-20T03:00:00Z',
    place: '现场',
    attendees: [{ name: '甲', role: 'worker' }],
    facts: '',
    terms: '',
    amountAgreedFen: 0,
    amountPaidOnSiteFen: 0,
    instalments: [],
    outcome: 'failed',
    signatures: extra.signatures ?? {},
    photoHashes: extra.photoHashes ?? [],
  };
}

forEachDialect('blobs: a hash alone opens nothing', (dialect) => {
  const get = useTestApi(dialect, { listen: true });

  const put = (token: string, body: Uint8Array, type = 'image/jpeg', hash = sha(body)) =>
    fetch(`${get().url}/api/blobs/${hash}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
      body,
    });
  const read = (token: string, hash: string) =>
    fetch(`${get().url}/api/blobs/${hash}`, { headers: { Authorization: `Bearer ${token}` } });
  const link = (token: string, body: Uint8Array, caseId: string): Promise<PushResult> =>
    pushOne(get(), token, {
      name: 'attachment.link',
      args: { sha256: sha(body), caseId, kind: 'photo', mime: 'image/jpeg', size: body.length },
    });

  /** A photo of fotang's case, uploaded and linked by fotang's officer. */
  async function fotangPhoto(): Promise<Uint8Array> {
    const fotang = await get().login('officer.fotang');
    const photo = jpeg();
    expect((await put(fotang, photo)).status).toBe(201);
    expect((await link(fotang, photo, TEST_CASES.fotangAssigned)).status).toBe('applied');
    return photo;
  }

  it('attachment.link of another town’s blob to one’s own case is refused, and the blob stays unreadable', async () => {
    const photo = await fotangPhoto();
    const choucheng = await get().login('officer.choucheng');
    expect((await read(choucheng, sha(photo))).status).toBe(404);
    const r = await link(choucheng, photo, TEST_CASES.chouchengOwn);
    expect(r.status).toBe('rejected');
    expect(r.error?.fields?.sha256).toBeDefined();
    // The same answer as for a blob nobody uploaded: nothing is told about fotang's files.
    const never = await link(choucheng, jpeg(), TEST_CASES.chouchengOwn);
    expect(never.error?.message).toBe(r.error?.message);
    expect((await read(choucheng, sha(photo))).status).toBe(404);
  });

  it('mediation.record naming another town’s blob as a signature or photo is refused, and the blob stays unreadable', async () => {
    const photo = await fotangPhoto();
    const choucheng = await get().login('officer.choucheng');
    const bySignature = await pushOne(get(), choucheng, {
      name: 'mediation.record',
      args: mediation(TEST_CASES.chouchengOwn, { signatures: { worker: sha(photo) } }),
    });
    expect(bySignature.status).toBe('rejected');
    expect(bySignature.error?.fields?.['signatures.worker']).toBeDefined();
    const byPhoto = await pushOne(get(), choucheng, {
      name: 'mediation.record',
      args: mediation(TEST_CASES.chouchengOwn, { photoHashes: [sha(photo)] }),
    });
    expect(byPhoto.status).toBe('rejected');
    expect(byPhoto.error?.fields?.['photoHashes.0']).toBeDefined();
    expect((await read(choucheng, sha(photo))).status).toBe(404);
    const mediations = await get().db.selectFrom('mediations').select('id').execute();
    expect(mediations).toEqual([]);
  });

  it('one’s own uploads, blobs of cases in scope and bytes one sent again may be linked', async () => {
    const choucheng = await get().login('officer.choucheng');
    const inspector = await get().login('inspector.1');
    const own = jpeg();
    const signature = jpeg();
    expect((await put(choucheng, own)).status).toBe(201);
    expect((await put(choucheng, signature)).status).toBe(201);
    expect((await link(choucheng, own, TEST_CASES.chouchengOwn)).status).toBe('applied');
    const recorded = await pushOne(get(), choucheng, {
      name: 'mediation.record',
      args: mediation(TEST_CASES.chouchengOwn, {
        signatures: { worker: sha(signature) },
        photoHashes: [sha(own)],
      }),
    });
    expect(recorded.status).toBe('applied');
    // The inspector sees choucheng's case, so may reference what it holds elsewhere in scope.
    expect((await link(inspector, own, TEST_CASES.chouchengAssigned)).status).toBe('applied');
    // Fotang's officer did not upload it and does not see choucheng, until they send the bytes.
    const fotang = await get().login('officer.fotang');
    expect((await link(fotang, own, TEST_CASES.fotangAssigned)).status).toBe('rejected');
    expect((await put(fotang, own)).status).toBe(200);
    expect((await link(fotang, own, TEST_CASES.fotangAssigned)).status).toBe('applied');
  });

  it('reading follows the cases a blob is linked to now', async () => {
    const photo = await fotangPhoto();
    const choucheng = await get().login('officer.choucheng');
    const office = await get().login('office.1');
    expect((await read(choucheng, sha(photo))).status).toBe(404);
    const moved = await pushOne(get(), office, {
      name: 'case.assign',
      args: { id: TEST_CASES.fotangAssigned, townId: 'choucheng', assignedOfficerId: null },
      baseVersion: 2,
    });
    expect(moved.status).toBe('applied');
    expect((await read(choucheng, sha(photo))).status).toBe(200);
    // The uploader keeps what they sent.
    expect((await read(await get().login('officer.fotang'), sha(photo))).status).toBe(200);
  });

  it('a blob is served inert: its own CSP, a name of our making, nosniff', async () => {
    const officer = await get().login('officer.choucheng');
    const photo = jpeg();
    await put(officer, photo);
    const res = await read(officer, sha(photo));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('Content-Disposition')).toBe(`inline; filename="${sha(photo)}.jpg"`);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Type')).toBe('image/jpeg');
    // Everything else keeps the app's policy.
    const health = await fetch(`${get().url}/api/health`);
    expect(health.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
  });

  it('bytes that are not of the declared type are refused with 415', async () => {
    const officer = await get().login('officer.choucheng');
    const html = new TextEncoder().encode('<html><script>alert(document.cookie)</script></html>');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    for (const [body, type] of [
      [html, 'image/jpeg'],
      [html, 'application/pdf'],
      [png, 'image/jpeg'],
      [jpeg(), 'image/png'],
      [new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEfmt '), 'image/webp'],
    ] as const) {
      const res = await put(officer, body, type);
      expect(res.status, `${type}`).toBe(415);
      expect((await jsonOf<ApiError>(res)).error.code).toBe('unsupported_media_type');
    }
    const webp = new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 ');
    const pdf = new TextEncoder().encode('%PDF-1.7\n%\xe2\xe3\n');
    expect((await put(officer, png, 'image/png')).status).toBe(201);
    expect((await put(officer, webp, 'image/webp')).status).toBe(201);
    expect((await put(officer, pdf, 'application/pdf')).status).toBe(201);
  });
});

forEachDialect('blobs: bounded storage', (dialect) => {
  let clock = Date.parse('2026-11-20T02:00:00Z');
  const get = useTestApi(dialect, {
    listen: true,
    now: () => new Date(clock),
    config: { blobUnlinkedQuotaBytes: 1024 * 1024, blobUnlinkedTtlHours: 72 },
  });

  const put = (token: string, body: Uint8Array) =>
    fetch(`${get().url}/api/blobs/${sha(body)}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/jpeg' },
      body,
    });
  const link = (token: string, body: Uint8Array, caseId: string) =>
    pushOne(get(), token, {
      name: 'attachment.link',
      args: { sha256: sha(body), caseId, kind: 'photo', mime: 'image/jpeg', size: body.length },
    });
  const blobCount = async () =>
    Number(
      (
        await get()
          .db.selectFrom('blobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('one user’s unlinked bytes are capped (413, zh message); linking frees the room', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    const officer = await get().login('officer.choucheng');
    const [a, b, c] = [jpeg(400_000), jpeg(400_000), jpeg(400_000)];
    expect((await put(officer, a)).status).toBe(201);
    expect((await put(officer, b)).status).toBe(201);
    const over = await put(officer, c);
    expect(over.status).toBe(413);
    const body = await jsonOf<ApiError>(over);
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toContain('尚未关联');
    expect(await blobCount()).toBe(2);
    // Another officer has room of their own.
    expect((await put(await get().login('officer.fotang'), c)).status).toBe(201);
    // Once one is linked, the third fits; an upload of bytes already held costs nothing.
    expect((await link(officer, a, TEST_CASES.chouchengOwn)).status).toBe('applied');
    expect((await put(officer, c)).status).toBe(200);
    expect((await put(officer, b)).status).toBe(200);
  });

  it('two concurrent uploads cannot both pass the quota check', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    const officer = await get().login('officer.choucheng');
    for (let round = 0; round < 3; round++) {
      const token =
        round === 0 ? officer : await get().login(round === 1 ? 'inspector.1' : 'office.1');
      const statuses = await Promise.all(
        [jpeg(600_000), jpeg(600_000), jpeg(600_000)].map(
          async (b) => (await put(token, b)).status,
        ),
      );
      expect(statuses.sort()).toEqual([201, 413, 413]);
    }
  });

  it('blobs never linked expire after BLOB_UNLINKED_TTL_HOURS; linked ones and fresh re-uploads stay', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    const officer = await get().login('officer.choucheng');
    const fotang = await get().login('officer.fotang');
    const [abandoned, linked, again] = [jpeg(), jpeg(), jpeg()];
    for (const b of [abandoned, linked, again]) expect((await put(officer, b)).status).toBe(201);
    expect((await link(officer, linked, TEST_CASES.chouchengOwn)).status).toBe('applied');
    clock += 71 * 3600_000;
    expect((await put(fotang, again)).status).toBe(200);
    clock += 2 * 3600_000;
    const swept = await expireUnlinkedBlobs(get().deps);
    expect(swept).toEqual({ deleted: 1, bytes: abandoned.length });
    const left = await get().db.selectFrom('blobs').select('sha256').orderBy('sha256').execute();
    expect(left.map((r) => r.sha256)).toEqual([sha(linked), sha(again)].sort());
    const gone = await fetch(`${get().url}/api/blobs/${sha(abandoned)}`, {
      headers: { Authorization: `Bearer ${officer}` },
    });
    expect(gone.status).toBe(404);
    // What expired no longer counts against the quota, and cannot be linked any more.
    const late = await link(officer, abandoned, TEST_CASES.chouchengOwn);
    expect(late.status).toBe('rejected');
    expect((await expireUnlinkedBlobs(get().deps)).deleted).toBe(0);
  });
});
