import { AnxinDB } from '../db';
import { type DataKeys, dataKeysFromRaw, newRawDataKey, staticKeySource } from './data-keys';

/** A fresh random, unlocked data key (tests and benchmarks). */
export async function randomDataKeys(): Promise<DataKeys> {
  return dataKeysFromRaw(newRawDataKey());
}

// One key per database name, so a test that opens the same database twice (a reload) reads
// what it wrote.
const keysByName = new Map<string, Promise<DataKeys>>();

/** A database sealed with a random key that is always unlocked (the same key per name). */
export async function openTestDb(name: string): Promise<AnxinDB> {
  let keys = keysByName.get(name);
  if (!keys) {
    keys = randomDataKeys();
    keysByName.set(name, keys);
  }
  return new AnxinDB(name, staticKeySource(await keys));
}
