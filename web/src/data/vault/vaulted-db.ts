import { type AnxinDB, openDb } from '../db';
import { VaultLockedError } from './data-keys';
import type { Vault } from './types';
import { createVault, metaKeyringStore } from './vault';

/**
 * The device's database and its vault, wired to each other: the database asks the vault
 * for the keys at each sealed read or write, and the vault keeps its keyring in the
 * database's one plain row. Locked (empty until load()) when made. (Apart from vault.ts so
 * the vault itself loads without Dexie: the app's first screen has the vault, not Dexie.)
 */
export function openVaultedDb(
  name?: string,
  opts?: { now?: () => number; iterations?: number },
): { db: AnxinDB; vault: Vault } {
  let vault: Vault | undefined;
  const db = openDb(name, {
    keys: () => {
      if (!vault) throw new VaultLockedError();
      return vault.keys();
    },
  });
  vault = createVault(metaKeyringStore(db), opts);
  return { db, vault };
}
