import type { AppDeps } from '../../deps';
import { CONTACT_EVERY_MS, touchSession } from '../../repositories/contacts';

/** Per instance: when (server clock, ms) it last wrote a session's contact, by token hash. */
const contactsWritten = new WeakMap<AppDeps, Map<string, number>>();
const CONTACTS_REMEMBERED = 10_000;

/**
 * touchSession for a pull, without its statement while this instance wrote the contact less
 * than CONTACT_EVERY_MS ago: the stored contact is at least that recent, so the statement
 * would not write either. Same contact times, one statement a minute instead of one a pull.
 */
export async function touchPulling(deps: AppDeps, tokenHash: string, at: string): Promise<void> {
  let written = contactsWritten.get(deps);
  if (!written) {
    written = new Map();
    contactsWritten.set(deps, written);
  }
  const atMs = Date.parse(at);
  const last = written.get(tokenHash);
  if (last !== undefined && last >= atMs - CONTACT_EVERY_MS) return;
  if (await touchSession(deps.db, tokenHash, at)) {
    written.delete(tokenHash);
    written.set(tokenHash, atMs);
    // Map order is insertion order: the first key is the one written longest ago.
    if (written.size > CONTACTS_REMEMBERED) written.delete(written.keys().next().value!);
  }
}
