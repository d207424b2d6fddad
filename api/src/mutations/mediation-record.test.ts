import { createHash, randomBytes } from 'node:crypto';
import type { Mediation, PushResult } from '@anxin/shared';
import { expect, it } from 'vitest';
import { TEST_CASES } from '../../test-support';
import {
  forEachDialect,
  getCase,
  jsonOf,
  mid,
  pullAll,
  pushOne,
  replay,
  useTestApi,
} from '../../test-support/suite';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const WORKER_ID = '110101199003070011';

/** A PNG-looking signature image, different every call. */
function signatureImage(): Uint8Array {
  const b = new Uint8Array(1024);
  b.set(randomBytes(1024));
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  return b;
}

const expectApplied = (r: PushResult) => expect(r.status, JSON.stringify(r.error)).toBe('applied');

forEachDialect(
  'mediation.record: drafts signed later, frozen once both parties signed',
  (dialect) => {
    const get = useTestApi(dialect, { listen: true });

    const upload = async (token: string): Promise<string> => {
      const body = signatureImage();
      const res = await fetch(`${get().url}/api/blobs/${sha(body)}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
        body,
      });
      expect(res.status).toBe(201);
      return sha(body);
    };

    const draft = (caseId: string) => ({
      id: mid('med'),
      caseId,
      heldAt: new Date(Date.now() - 60_000).toISOString(),
      place: '企业会议室',
      attendees: [{ name: '工人2', role: 'worker' }],
      facts: '拖欠工资五千元',
      terms: '当场付清',
      amountAgreedFen: 500_000,
      amountPaidOnSiteFen: 500_000,
      instalments: [],
      outcome: 'agreed',
      signatures: {} as Record<string, string>,
      photoHashes: [],
      parties: [
        { role: 'worker', name: '工人2', idNumber: WORKER_ID, phone: '13905790002' },
        { role: 'employer', name: '钱经理', phone: '13905790001' },
      ],
    });

    const storedOf = async (token: string, id: string): Promise<Mediation> =>
      replay((await pullAll(get(), token)).changes).get(`mediation:${id}`) as Mediation;

    it('takes signatures into the same record until both parties signed, then refuses changes', async () => {
      const officer = await get().login('officer.choucheng');
      const caseNo = (
        await jsonOf<{ case: { caseNo: string } }>(
          await getCase(get(), officer, TEST_CASES.chouchengOwn),
        )
      ).case.caseNo;
      const m = draft(TEST_CASES.chouchengOwn);
      expectApplied(await pushOne(get(), officer, { name: 'mediation.record', args: m }));
      const first = await storedOf(officer, m.id);
      expect(first.version).toBe(1);
      // The case number and the record's place among the case's records, not the UUID.
      expect(first.agreementNo).toMatch(new RegExp(`^${caseNo}-\\d+$`));

      const worker = await upload(officer);
      const withWorker = { ...m, signatures: { worker } };
      const signedOnce = await pushOne(get(), officer, {
        name: 'mediation.record',
        args: withWorker,
      });
      expectApplied(signedOnce);
      expect(signedOnce.version).toBe(2);

      // The worker signed this text: changing it while keeping the signature is refused.
      const rewritten = await pushOne(get(), officer, {
        name: 'mediation.record',
        args: { ...withWorker, terms: '分三期付清' },
      });
      expect(rewritten.status).toBe('rejected');
      expect(rewritten.error?.fields?.signatures).toBe('协议内容已修改，已有的签字需要重新签');

      const employer = await upload(officer);
      const both = { ...m, signatures: { worker, employer } };
      expectApplied(await pushOne(get(), officer, { name: 'mediation.record', args: both }));
      const frozen = await storedOf(officer, m.id);
      expect(frozen).toMatchObject({ version: 3, agreementNo: first.agreementNo });
      expect(frozen.signatures).toEqual({ worker, employer });

      // Frozen: the same record again is fine, any change is refused with the stored copy.
      expectApplied(await pushOne(get(), officer, { name: 'mediation.record', args: both }));
      const late = await pushOne(get(), officer, {
        name: 'mediation.record',
        args: { ...both, signatures: { worker, employer, officer: await upload(officer) } },
      });
      expect(late.status).toBe('rejected');
      expect(late.error?.code).toBe('conflict');
      expect(late.error?.message).toContain('协议已定稿');
      expect((await storedOf(officer, m.id)).version).toBe(3);

      // A new version of a frozen agreement is a new record with the next number.
      const next = { ...draft(TEST_CASES.chouchengOwn), supersedesId: m.id };
      expectApplied(await pushOne(get(), officer, { name: 'mediation.record', args: next }));
      const seq = (no: string | undefined) => Number(no?.split('-').pop());
      expect(seq((await storedOf(officer, next.id)).agreementNo)).toBe(seq(first.agreementNo) + 1);
    });

    it('keeps the parties’ numbers in full only for the device that prints the agreement', async () => {
      const officer = await get().login('officer.choucheng');
      const m = draft(TEST_CASES.chouchengOwn);
      expectApplied(await pushOne(get(), officer, { name: 'mediation.record', args: m }));
      expect((await storedOf(officer, m.id)).parties?.[0]).toMatchObject({
        idNumber: WORKER_ID,
        phone: '13905790002',
      });
      const detail = await jsonOf<{ mediations: Mediation[] }>(
        await getCase(get(), officer, TEST_CASES.chouchengOwn),
      );
      const read = detail.mediations.find((x) => x.id === m.id);
      expect(read?.parties?.[0]?.idNumber).not.toBe(WORKER_ID);
      expect(read?.parties?.[0]?.idNumber).toContain('*');
    });
  },
);
