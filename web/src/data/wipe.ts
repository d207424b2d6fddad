import type { Vault } from './vault/types';

/** Why the device deleted what it held (the server said so at a sync). */
export type WipeReason = 'account_disabled' | 'no_units';

/** The part of the database a wipe needs: Dexie's own delete and reopen. */
interface Deletable {
  delete(): Promise<void>;
  open(): Promise<unknown>;
}

/**
 * Remote wipe (issue 18): the account was disabled, or its person removed from every unit.
 * Every table and blob goes with the database; every Cache Storage cache goes; the keyring is
 * forgotten. Then an empty database is opened, ready for the next sign-in.
 */
export async function wipeDevice(
  db: Deletable,
  vault: Pick<Vault, 'clear'>,
  opts: { caches?: CacheStorage | null } = {},
): Promise<void> {
  await db.delete();
  const storage = opts.caches !== undefined ? opts.caches : (globalThis.caches ?? null);
  if (storage) {
    const names = await storage.keys();
    // The app shell's precache too, as the issue says (every cache). Until the service
    // worker next installs, a cold start needs the network, as the sign-in after a wipe does.
    await Promise.all(names.map((n) => storage.delete(n)));
  }
  vault.clear();
  await db.open();
}
