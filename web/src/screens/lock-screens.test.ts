import { type ComponentProps, createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type AppServices, ServicesProvider } from '../app/services';
import type { Keyring } from '../data/vault/keyring';
import type { KeyringUser, Vault, VaultState } from '../data/vault/types';
import { createVault, type KeyringStore } from '../data/vault/vault';
import { loadScreenMessages } from '../i18n';
import { LockScreen } from './LockScreen';
import { PinSetup } from './PinSetup';

// The frame's update prompt registers the service worker through vite-plugin-pwa's virtual
// module, which only the build has.
vi.mock('virtual:pwa-register/react', () => ({
  useRegisterSW: () => ({ needRefresh: [false], updateServiceWorker: async () => {} }),
}));

// The web project runs in Node without a DOM: the screens are rendered to HTML and read as
// the officer (and the e2e page objects) would find them: labels, buttons, what they say.

const USER: KeyringUser = {
  id: 'u-1',
  username: 'officer.test',
  displayName: '测试专员',
  role: 'officer',
};
const SERVER_KEY = 'A'.repeat(43);
const PIN = '135790';

function memoryStore(): KeyringStore {
  let k: Keyring | undefined;
  return {
    read: async () => k,
    write: async (next) => {
      k = structuredClone(next);
    },
    remove: async () => {
      k = undefined;
    },
  };
}

/** A real vault on an in-memory keyring, with a PIN set and locked, as after a cold start. */
async function lockedVault(): Promise<Vault> {
  const vault = createVault(memoryStore(), { iterations: 1_000 });
  await vault.openWithServerKey(USER, SERVER_KEY);
  await vault.setPin(PIN);
  vault.lock();
  return vault;
}

function render(vault: Vault, el: ReturnType<typeof createElement>): string {
  // Only the vault is read by these screens.
  const services = { vault } as unknown as AppServices;
  // children come as createElement's third argument, which the props type cannot see.
  const props = { value: services } as ComponentProps<typeof ServicesProvider>;
  return renderToStaticMarkup(createElement(ServicesProvider, props, el));
}

function locked(vault: Vault): Extract<VaultState, { kind: 'locked' }> {
  const s = vault.getState();
  if (s.kind !== 'locked') throw new Error(`expected locked, got ${s.kind}`);
  return s;
}

/** The input a <label for> names. */
function inputLabelled(html: string, label: string): string {
  const m = html.match(new RegExp(`<label for="([^"]+)">${label}</label>`));
  expect(m, `label ${label}`).not.toBeNull();
  const input = html.match(new RegExp(`<input[^>]*id="${m![1]}"[^>]*/?>`));
  expect(input, `input for ${label}`).not.toBeNull();
  return input![0];
}

function button(html: string, name: string): string {
  const m = html.match(new RegExp(`<button[^>]*>${name}</button>`));
  expect(m, `button ${name}`).not.toBeNull();
  return m![0];
}

describe('lock screen', () => {
  it('greets the officer and asks for the PIN on a digit keypad, nothing autofilled', async () => {
    const vault = await lockedVault();
    const html = render(vault, createElement(LockScreen, { state: locked(vault), vault }));
    expect(html).toContain('测试专员，您好');
    const input = inputLabelled(html, 'PIN 码');
    expect(input).toContain('type="password"');
    expect(input).toContain('inputMode="numeric"');
    expect(input).toContain('autoComplete="off"');
    expect(input).toContain('maxLength="6"');
    expect(button(html, '解锁')).not.toContain('disabled');
    button(html, '忘记 PIN 码');
    expect(html).not.toContain('PIN 码不对');
  });

  it('after wrong PINs says how many tries are left before a wait', async () => {
    const vault = await lockedVault();
    for (let i = 0; i < 3; i++) expect((await vault.unlockWithPin('000000')).ok).toBe(false);
    const html = render(vault, createElement(LockScreen, { state: locked(vault), vault }));
    expect(html).toContain('再输错 2 次，需要等待一段时间才能再试');
    expect(button(html, '解锁')).not.toContain('disabled');
  });

  it('during the wait after the fifth shows the time left and the button is disabled', async () => {
    const vault = await lockedVault();
    for (let i = 0; i < 5; i++) await vault.unlockWithPin('000000');
    const state = locked(vault);
    expect(state.failedPins).toBe(5);
    expect(state.waitUntil).not.toBeNull();
    const html = render(vault, createElement(LockScreen, { state, vault }));
    expect(html).toMatch(/请等待 0[01]:[0-5]\d 后再试/);
    expect(button(html, '解锁')).toContain('disabled');
  });

  it('once the wait is over, says how many tries are left before the PIN is forgotten', async () => {
    const vault = await lockedVault();
    for (let i = 0; i < 5; i++) await vault.unlockWithPin('000000');
    const state = { ...locked(vault), waitUntil: Date.now() - 1 };
    const html = render(vault, createElement(LockScreen, { state, vault }));
    expect(html).toContain('再输错 5 次，本机将忘记 PIN 码');
    expect(button(html, '解锁')).not.toContain('disabled');
  });
});

describe('PIN setup', () => {
  beforeAll(() => loadScreenMessages());

  it('has the two inputs and the button the issue names, exactly', async () => {
    const vault = createVault(memoryStore(), { iterations: 1_000 });
    await vault.openWithServerKey(USER, SERVER_KEY);
    const html = render(vault, createElement(PinSetup));
    for (const label of ['PIN 码', '再次输入 PIN 码']) {
      const input = inputLabelled(html, label);
      expect(input).toContain('type="password"');
      expect(input).toContain('inputMode="numeric"');
      expect(input).toContain('autoComplete="off"');
      expect(input).toContain('maxLength="6"');
    }
    button(html, '确定');
  });
});
