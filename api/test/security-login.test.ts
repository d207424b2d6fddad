import { expect, it } from 'vitest';
import { TEST_PASSWORD } from '../test-support';
import { forEachDialect, useTestApi } from '../test-support/suite';

/**
 * Attacks on sign-in over a real socket: concurrent guessing, locking a stranger out,
 * flooding the password checks, and naming one's own address in X-Forwarded-For.
 */
forEachDialect('sign-in under attack', (dialect) => {
  // Behind a trusted proxy, so each test can speak from the addresses it needs.
  const get = useTestApi(dialect, { listen: true, config: { trustProxy: true } });

  const login = (username: string, password: string, forwardedFor = '203.0.113.1') =>
    fetch(`${get().url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify({ username, password }),
    });

  it('one person signing in on several devices at once: every sign-in succeeds (no deadlock)', async () => {
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => login('officer.choucheng', 'anxin-demo')),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    }
  });

  it('a stranger guessing from another address does not lock the officer out of their own phone', async () => {
    const stranger = '198.51.100.7';
    const officerPhone = '203.0.113.5';
    const seen: number[] = [];
    for (let i = 0; i < 10; i++)
      seen.push((await login('officer.choucheng', `guess-${i}`, stranger)).status);
    expect(seen.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(seen.slice(5)).toEqual([429, 429, 429, 429, 429]);
    // The stranger stays locked out of this username; the officer is not.
    expect((await login('officer.choucheng', TEST_PASSWORD, stranger)).status).toBe(429);
    expect((await login('officer.choucheng', TEST_PASSWORD, officerPhone)).status).toBe(200);
  });

  it('guessing one username from many addresses stops at 50 failures in the window', async () => {
    let failures = 0;
    for (let a = 0; a < 11; a++) {
      for (let i = 0; i < 5; i++) {
        const res = await login('inspector.1', `spread-${a}-${i}`, `192.0.2.${a + 10}`);
        if (res.status === 401) failures++;
        else expect(res.status).toBe(429);
      }
    }
    expect(failures).toBe(50);
    expect((await login('inspector.1', TEST_PASSWORD, '192.0.2.200')).status).toBe(429);
  });

  it('an address named left of the proxy’s own entry in X-Forwarded-For is the client’s, not the proxy’s', async () => {
    // The proxy appends the address it saw; a guesser prepends a new one with every try.
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await login(`nobody.${i}`, 'x', `10.9.${i}.1, 198.51.100.99`);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });
});

forEachDialect('sign-in: concurrent guesses', (dialect) => {
  // A gate wide enough to let every guess reach the database at once, and a realistic
  // scrypt cost, so many checks overlap: the reservation alone must bound how many run.
  const get = useTestApi(dialect, {
    listen: true,
    config: { trustProxy: true, scryptLogN: 14, loginConcurrency: 64, loginQueue: 64 },
  });

  const login = (username: string, password: string, forwardedFor = '203.0.113.1') =>
    fetch(`${get().url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify({ username, password }),
    });

  const passwordChecks = () => get().logs.filter((l) => l.event === 'auth.failed').length;

  it('100 concurrent wrong guesses from one address get at most 5 password checks; then even the right password is refused', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login('office.1', `wrong-${i}`)),
    );
    const statuses = answers.map((r) => r.status);
    for (const s of statuses) expect([401, 429, 503]).toContain(s);
    expect(passwordChecks()).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    const rows = await get()
      .db.selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('username', '=', 'office.1')
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBeLessThanOrEqual(5);

    const right = await login('office.1', TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('a wrong current password on POST /api/auth/password counts towards the same lock', async () => {
    const { token } = (await (await login('officer.fotang', TEST_PASSWORD)).json()) as {
      token: string;
    };
    const change = (current: string) =>
      fetch(`${get().url}/api/auth/password`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'X-Forwarded-For': '203.0.113.1',
        },
        body: JSON.stringify({ current, next: 'a-much-better-passphrase-42' }),
      });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`bad-${i}`)));
    expect(answers.filter((r) => r.status === 400).length).toBeLessThanOrEqual(5);
    expect((await change(TEST_PASSWORD)).status).toBe(429);
  });
});

forEachDialect('sign-in flood', (dialect) => {
  // A realistic scrypt cost and a small gate, so a flood outruns the password checks.
  const get = useTestApi(dialect, {
    listen: true,
    config: { trustProxy: true, scryptLogN: 14, loginConcurrency: 2, loginQueue: 4 },
  });

  it('with hundreds of bad sign-ins in flight a genuine one still answers: 200, or 503/429 with Retry-After', async () => {
    const attempt = (username: string, password: string, address: string) =>
      fetch(`${get().url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
        body: JSON.stringify({ username, password }),
      });
    const flood = Array.from({ length: 300 }, (_, i) =>
      attempt(`stranger.${i}`, 'guess', `10.7.${i >> 8}.${i & 255}`),
    );
    const genuine = await attempt('officer.choucheng', TEST_PASSWORD, '203.0.113.5');
    const answers = await Promise.all(flood);
    if (genuine.status !== 200) {
      expect([429, 503]).toContain(genuine.status);
      expect(Number(genuine.headers.get('Retry-After'))).toBeGreaterThan(0);
    }
    // The server shed the load it could not check in time, and said when to come back.
    const shed = answers.filter((r) => r.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const r of shed) expect(Number(r.headers.get('Retry-After'))).toBeGreaterThan(0);
    for (const r of answers) expect([401, 503]).toContain(r.status);
    // Once the flood has passed, the officer signs in.
    expect((await attempt('officer.choucheng', TEST_PASSWORD, '203.0.113.5')).status).toBe(200);
  });
});
