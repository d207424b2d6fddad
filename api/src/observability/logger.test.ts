import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createLogger,
  eventLogger,
  levelOf,
  maskText,
  REDACTED,
  requestContext,
  scrub,
} from './logger';

function collect() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return {
    destination,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    lines,
  };
}

describe('maskText', () => {
  it('masks mainland mobiles and resident ID numbers wherever they stand in a text', () => {
    expect(maskText('Key (mobile)=(13800138000) already exists')).toBe(
      'Key (mobile)=([mobile]) already exists',
    );
    expect(maskText('id 110101199003070011 and 11010119900307001X, old 110101900307001')).toBe(
      'id [id-number] and [id-number], old [id-number]',
    );
    expect(maskText('+86 13912345678 / 8613912345678')).toBe('[mobile] / [mobile]');
  });

  it('leaves numbers that are neither alone: times, amounts, longer digit runs, uuids', () => {
    const plain = [
      '2026-12-02T02:36:04.778Z',
      'owed 500000 fen',
      'epoch 1733109000000',
      'b0f7e2a4-4c1d-4e57-9a11-1d2c3e4f5a6b',
      '12345678901',
    ];
    for (const text of plain) expect(maskText(text)).toBe(text);
  });
});

describe('scrub', () => {
  it('replaces personal and secret fields at any depth, whatever their case or separator', () => {
    const out = scrub({
      userId: 'u1',
      password: 'anxin-demo',
      args: {
        claimants: [{ name: '王五' }],
        employer: { contact_name: '周经理', contactPhone: '13857900000' },
      },
      nested: { deeper: { ID_NUMBER: '110101199003070011', Authorization: 'Bearer x' } },
      code: 'invalid',
      otpCode: '123456',
      smsCode: '654321',
      answer: { deviceKey: 'k3y', device_key: 'k3y' },
    });
    expect(out).toEqual({
      userId: 'u1',
      password: REDACTED,
      args: { claimants: REDACTED, employer: { contact_name: REDACTED, contactPhone: '[mobile]' } },
      nested: { deeper: { ID_NUMBER: REDACTED, Authorization: REDACTED } },
      code: 'invalid',
      otpCode: REDACTED,
      smsCode: REDACTED,
      answer: { deviceKey: REDACTED, device_key: REDACTED },
    });
  });

  it('writes errors as type, message and stack, masked', () => {
    const out = scrub({ error: new Error('duplicate 13800138000') }) as {
      error: { type: string; message: string; stack: string };
    };
    expect(out.error.type).toBe('Error');
    expect(out.error.message).toBe('duplicate [mobile]');
    expect(out.error.stack).not.toContain('13800138000');
  });
});

describe('createLogger', () => {
  it('writes one JSON line per event with level, time, event and the request id of its request', () => {
    const sink = collect();
    const log = eventLogger(createLogger({ destination: sink.destination }));
    requestContext.run({ requestId: 'req-12345678' }, () => log('push.busy', { active: 2 }));
    log('sms.delivered', { sent: 1, failed: 0 });
    const [a, b] = sink.records();
    expect(a).toMatchObject({
      level: 'warn',
      event: 'push.busy',
      active: 2,
      requestId: 'req-12345678',
    });
    expect(typeof a?.time).toBe('string');
    expect(b).toMatchObject({ level: 'info', event: 'sms.delivered', sent: 1 });
    expect(b).not.toHaveProperty('requestId');
  });

  it('redacts at the logger, for any caller', () => {
    const sink = collect();
    const logger = createLogger({ destination: sink.destination });
    logger.info(
      { mobile: '13800138000', detail: { idNumber: '110101199003070011' } },
      'x 13900001111',
    );
    const text = sink.lines.join('\n');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('110101199003070011');
    expect(text).not.toContain('13900001111');
    expect(sink.records()[0]).toMatchObject({ mobile: REDACTED, detail: { idNumber: REDACTED } });
  });

  it('honours the level: debug lines are dropped at info, kept at debug', () => {
    const quiet = collect();
    createLogger({ level: 'info', destination: quiet.destination }).debug({}, 'detail');
    expect(quiet.lines).toEqual([]);
    const loud = collect();
    createLogger({ level: 'debug', destination: loud.destination }).debug({}, 'detail');
    expect(loud.records()[0]).toMatchObject({ level: 'debug', event: 'detail' });
  });

  it('gives errors and refusals their level, everything else info', () => {
    expect(levelOf('http.error')).toBe('error');
    expect(levelOf('blob.expiry.error')).toBe('error');
    expect(levelOf('auth.failed')).toBe('warn');
    expect(levelOf('push.busy')).toBe('warn');
    expect(levelOf('http.request')).toBe('info');
  });
});
