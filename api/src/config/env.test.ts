import { describe, expect, it } from 'vitest';
import { appConfigFromEnv, parseEnv } from './env';

describe('environment at start-up', () => {
  it('has working defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 8787,
      NODE_ENV: 'development',
      SQLITE_PATH: 'data/anxin.sqlite',
      SESSION_DAYS: 7,
      SMS_PROVIDER: 'log',
      WEB_DIST: 'web/dist',
      TRUST_PROXY: false,
      SCRYPT_LOG_N: 15,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(appConfigFromEnv(env).clock137).toEqual({
      firstActionHours: 24,
      warningHours: 72,
      resolveHours: 168,
    });
  });

  it('reads numbers, the 1-3-7 limits and PostgreSQL', () => {
    const env = parseEnv({
      PORT: '9000',
      DATABASE_URL: 'postgres://u@h:5432/db',
      SESSION_DAYS: '3',
      CLOCK_137_FIRST_ACTION_HOURS: '12',
      TRUST_PROXY: 'true',
    });
    expect(env.PORT).toBe(9000);
    expect(env.DATABASE_URL).toBe('postgres://u@h:5432/db');
    expect(appConfigFromEnv(env).sessionDays).toBe(3);
    expect(appConfigFromEnv(env).clock137.firstActionHours).toBe(12);
    expect(env.TRUST_PROXY).toBe(true);
  });

  it('fails loudly on bad settings, naming them', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ SMS_PROVIDER: 'http' })).toThrow(/SMS_HTTP_URL/);
    expect(() => parseEnv({ NODE_ENV: 'production', SCRYPT_LOG_N: '10' })).toThrow(/SCRYPT_LOG_N/);
    expect(() => parseEnv({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });
});
