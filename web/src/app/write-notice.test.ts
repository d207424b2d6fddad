import { describe, expect, it } from 'vitest';
import type { ConflictItem } from '../data/types';
import { deliveryState } from './write-notice';

const refusedItem = (id: string, why: string): ConflictItem => ({
  id,
  kind: 'rejected',
  mutation: { id, name: 'case.review', args: {} },
  entityId: 'c1',
  fields: [],
  mine: {},
  server: null,
  reason: why,
  createdAt: '2026-11-24T02:00:00.000Z',
});
const online = { online: true, lastErrorText: null };
const reason = (c: ConflictItem) => c.reason ?? '';

describe('what a write notice says', () => {
  it('sending while anything is queued and online; offline says it waits for the network', () => {
    const d = { pending: 2, delivered: 1, refused: [] };
    expect(deliveryState(d, online, reason)).toEqual({ kind: 'sending' });
    expect(deliveryState(d, { online: false, lastErrorText: null }, reason)).toEqual({
      kind: 'offline',
    });
    expect(deliveryState(d, { online: true, lastErrorText: '服务器暂时无法处理' }, reason)).toEqual(
      {
        kind: 'retrying',
        why: '服务器暂时无法处理',
      },
    );
  });

  it('delivered only once the server answered every one and took it', () => {
    expect(deliveryState({ pending: 0, delivered: 3, refused: [] }, online, reason)).toEqual({
      kind: 'delivered',
      count: 3,
    });
  });

  it('a refusal says why (each reason once), beside what was delivered', () => {
    const refused = [refusedItem('m1', '案件已结案'), refusedItem('m2', '案件已结案')];
    expect(deliveryState({ pending: 0, delivered: 1, refused }, online, reason)).toEqual({
      kind: 'refused',
      delivered: 1,
      reasons: ['案件已结案'],
    });
  });

  it('nothing queued (the device refused the write): nothing to follow', () => {
    expect(deliveryState({ pending: 0, delivered: 0, refused: [] }, online, reason)).toEqual({
      kind: 'none',
    });
  });
});
