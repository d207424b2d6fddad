import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CaseEvent, PushResponse } from '@anxin/shared';
import { Migrator } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { connect } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { migrationsFor } from '../src/db/migrations';
import { findLoggedMutation } from '../src/repositories/mutation-log';
import type { CaseDetail } from '../src/services/cases/case-service';
import { createTestDatabase, TEST_CASES, TEST_USERS } from '../test-support';
import { forEachDialect, getCase, jsonOf, mid, useTestApi } from '../test-support/suite';

/** A push whose body trickles in: headers now, a byte every 100 ms, never the whole body. */
function tricklingPush(
  port: number,
  token: string,
): { socket: net.Socket; answer: Promise<string> } {
  const socket = net.connect({ host: '127.0.0.1', port });
  let text = '';
  const answer = new Promise<string>((resolve) => {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
    });
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  let timer: ReturnType<typeof setInterval> | undefined;
  socket.on('connect', () => {
    socket.write(
      [
        'POST /api/sync/push HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${token}`,
        'Content-Type: application/json',
        'Content-Length: 1000000',
        '',
        '{"clientId":"slow-device-1","mutations":[',
      ].join('\r\n'),
    );
    timer = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 100);
  });
  socket.on('close', () => clearInterval(timer));
  return { socket, answer };
}

forEachDialect('push: a slow upload holds no slot', (dialect) => {
  // Two slots and no queue: any push that finds both taken is refused at once.
  const get = useTestApi(dialect, {
    listen: true,
    config: { pushConcurrency: 2, pushQueue: 0, pushBodyTimeoutMs: 1500 },
  });
  // Registered after useTestApi, so it runs before the server is closed (hooks unwind).
  const sockets: net.Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.destroy();
  });

  it('two connections trickling a 1 MB body neither make a third push wait nor get it a 503', async () => {
    const port = Number(new URL(get().url!).port);
    const slowToken = await get().login('officer.fotang');
    const slow = [tricklingPush(port, slowToken), tricklingPush(port, slowToken)];
    sockets.push(...slow.map((s) => s.socket));
    // Both requests have reached the server and are sending their bodies.
    await new Promise((r) => setTimeout(r, 400));

    const officer = await get().login('officer.choucheng');
    const res = await fetch(`${get().url}/api/sync/push`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        clientId: 'quick-device-1',
        mutations: [
          {
            id: mid(),
            name: 'case.update',
            args: { id: TEST_CASES.chouchengOwn, patch: { description: '快速同步' } },
            baseVersion: 1,
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect((await jsonOf<PushResponse>(res)).results[0]?.status).toBe('applied');

    // The trickling bodies are cut off after PUSH_BODY_TIMEOUT_MS with a clear 400.
    const answers = await Promise.all(slow.map((s) => s.answer));
    for (const a of answers) {
      expect(a).toMatch(/^HTTP\/1\.1 400 /);
      expect(a).toContain('秒内没有传完');
    }
  });
});

forEachDialect('push idempotency across a user’s devices', (dialect) => {
  const get = useTestApi(dialect);

  it('the same mutation id from a second clientId of the same user answers the first result and applies nothing', async () => {
    const office = await get().login('office.1');
    const id = mid('twice');
    const mutation = {
      id,
      name: 'case.update',
      args: { id: TEST_CASES.chouchengAssigned, patch: { description: '只应写入一次' } },
      baseVersion: 2,
    };
    const send = async (clientId: string, m: object) =>
      jsonOf<PushResponse>(
        await get().api(office, 'POST', '/api/sync/push', { clientId, mutations: [m] }),
      );
    const first = await send('office-desk-a', mutation);
    expect(first.results[0]).toMatchObject({ status: 'applied', version: 3 });
    // A later edit, then the first change arrives again from the user's other device (a
    // reinstalled app re-sending its queue): it must not be applied, nor answered as a conflict.
    const later = await send('office-desk-a', {
      id: mid('later'),
      name: 'case.update',
      args: { id: TEST_CASES.chouchengAssigned, patch: { description: '后来的修改' } },
      baseVersion: 3,
    });
    expect(later.results[0]).toMatchObject({ status: 'applied', version: 4 });
    const again = await send('office-desk-b', mutation);
    expect(again.results).toEqual(first.results);
    const detail = await jsonOf<CaseDetail>(
      await getCase(get(), office, TEST_CASES.chouchengAssigned),
    );
    expect(detail.case.version).toBe(4);
    expect(detail.case.description).toBe('后来的修改');
    const events = await get()
      .db.selectFrom('case_events')
      .select('id')
      .where('mutation_id', '=', id)
      .execute();
    expect(events).toHaveLength(1);
    // Other content under the same id, from yet another device: refused, not applied.
    const reused = await send('office-desk-c', {
      ...mutation,
      args: { ...mutation.args, patch: { description: '别的内容' } },
    });
    expect(reused.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid' } });
  });

  it('the audit of a revealed ID number names the device this session pushed with, never a header', async () => {
    const office = await get().login('office.1');
    const push = await get().api(office, 'POST', '/api/sync/push', {
      clientId: 'office-desk-1',
      mutations: [],
    });
    expect(push.status).toBe(200);
    const reveal = (token: string) =>
      get().fetch(`/api/cases/${TEST_CASES.chouchengOwn}?reveal=idNumber`, {
        headers: { Authorization: `Bearer ${token}`, 'X-Anxin-Client': 'officer-phone-77' },
      });
    expect((await reveal(office)).status).toBe(200);
    // A session that never pushed has no device to name.
    const fresh = await get().login('office.1');
    expect((await reveal(fresh)).status).toBe(200);
    const { events } = await jsonOf<{ events: CaseEvent[] }>(
      await get().api(office, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}/events`),
    );
    const views = events.filter((e) => e.name === 'case.viewIdNumber');
    expect(views.map((v) => v.clientId)).toEqual(['office-desk-1', null]);
    expect(views.every((v) => v.actorId === TEST_USERS.office.id)).toBe(true);
  });
});

forEachDialect('migration 0006 keeps old idempotency rows', (dialect) => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('two rows of one user and mutation id under two clientIds: the earlier one answers', async () => {
    let conn: ReturnType<typeof connect>;
    if (dialect === 'postgres') {
      const fresh = await createTestDatabase();
      conn = connect({ dialect: 'postgres', url: fresh.url, max: 2 });
      close = async () => {
        await conn.close();
        await fresh.drop();
      };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-mig-'));
      conn = connect({ dialect: 'sqlite', path: path.join(dir, 'old.sqlite') });
      close = async () => {
        await conn.close();
        fs.rmSync(dir, { recursive: true, force: true });
      };
    }
    const migrator = new Migrator({
      db: conn.db,
      provider: { getMigrations: async () => migrationsFor(dialect) },
    });
    const upTo5 = await migrator.migrateTo('0005_administration');
    expect(upTo5.error).toBeUndefined();
    const row = (clientId: string, at: string, version: number) => ({
      user_id: 'u-1',
      client_id: clientId,
      mutation_id: 'm-1',
      name: 'case.update',
      target_id: 'c-1',
      request_hash: 'h',
      status: 'applied',
      result: JSON.stringify({ id: 'm-1', status: 'applied', version }),
      created_at: at,
    });
    await conn.db
      .insertInto('mutation_log')
      .values([
        row('phone-b', '2026-11-02T00:00:00.000Z', 3),
        row('phone-a', '2026-11-01T00:00:00.000Z', 2),
      ])
      .execute();
    await migrateToLatest(conn.db, dialect);
    const found = await findLoggedMutation(conn.db, { userId: 'u-1', mutationId: 'm-1' });
    expect(found?.result).toEqual({ id: 'm-1', status: 'applied', version: 2 });
    // The index now holds: a third copy cannot be written.
    await expect(
      conn.db
        .insertInto('mutation_log')
        .values(row('phone-c', '2026-11-03T00:00:00.000Z', 4))
        .execute(),
    ).rejects.toThrow();
  });
});
