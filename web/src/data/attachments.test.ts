import { describe, expect, it } from 'vitest';
import { localOfficer, sampleCase, uniqueDbName } from '../../test-support';
import { createActions } from './actions';
import { openTestDb } from './vault/testing';

async function setup() {
  const db = await openTestDb(uniqueDbName('attachments'));
  const actions = createActions(db, { user: () => localOfficer, serverNow: () => Date.now() });
  return { db, actions };
}

const photo = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 9, 8, 7])], { type: 'image/jpeg' });

describe('the same photo on two cases', () => {
  it('links to the second case too, while the bytes are kept and uploaded once', async () => {
    const { db, actions } = await setup();
    const first = await actions.createCase(sampleCase('choucheng'));
    const second = await actions.createCase(sampleCase('choucheng'));
    const sha = await actions.addAttachment(first, photo(), 'photo');
    expect(await actions.addAttachment(second, photo(), 'photo')).toBe(sha);

    const links = (await db.outbox.toArray()).filter((m) => m.name === 'attachment.link');
    expect(links.map((m) => m.entityId).sort()).toEqual([first, second].sort());
    expect(links.every((m) => (m.args as { sha256: string }).sha256 === sha)).toBe(true);
    // One copy of the bytes: the upload goes by hash, once.
    expect(await db.attachments.count()).toBe(1);
    // The second case lists the photo as its own link, under the id the server gives it.
    const meta = await db.attachmentMeta.where('caseId').equals(second).toArray();
    expect(meta.map((m) => m.id)).toEqual([`${second}:${sha}`]);
  });

  it('adds nothing when the photo is already on that case', async () => {
    const { db, actions } = await setup();
    const first = await actions.createCase(sampleCase('choucheng'));
    const second = await actions.createCase(sampleCase('choucheng'));
    await actions.addAttachment(first, photo(), 'photo');
    await actions.addAttachment(second, photo(), 'photo');
    await actions.addAttachment(second, photo(), 'photo');
    await actions.addAttachment(first, photo(), 'photo');
    const links = (await db.outbox.toArray()).filter((m) => m.name === 'attachment.link');
    expect(links).toHaveLength(2);
  });

  it('the pulled link replaces the local one instead of showing the photo twice', async () => {
    const { db, actions } = await setup();
    const first = await actions.createCase(sampleCase('choucheng'));
    const second = await actions.createCase(sampleCase('choucheng'));
    const sha = await actions.addAttachment(first, photo(), 'photo');
    await actions.addAttachment(second, photo(), 'photo');
    const local = (await db.attachmentMeta.get(`${second}:${sha}`))!;
    await db.attachmentMeta.bulkPut([{ ...local, version: 1 }]);
    expect(await db.attachmentMeta.where('caseId').equals(second).count()).toBe(1);
  });
});
