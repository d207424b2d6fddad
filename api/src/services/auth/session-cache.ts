import type { Db } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { onLocalAuthChange, readAuthGeneration } from '../../repositories/auth-generation';
import type { Actor } from '../../repositories/scope';

/** What a verified token is worth; expiry is judged again at every use against deps.now(). */
export interface VerifiedSession {
  actor: Actor;
  expiresAt: string;
  mustChangePassword: boolean;
}

export interface SessionCacheOptions {
  /** How long an entry is trusted at most, whatever the generation says (real time). */
  ttlMs: number;
  /** How many tokens are remembered; the least recently used one goes first. */
  maxEntries: number;
  /** How old the last look at the auth generation may be before a request re-reads it. */
  checkEveryMs: number;
  /** Monotonic milliseconds (tests may drive it); never the server clock, which tests move. */
  monotonic: () => number;
}

export const SESSION_CACHE_DEFAULTS: SessionCacheOptions = {
  ttlMs: 5_000,
  maxEntries: 10_000,
  checkEveryMs: 300,
  monotonic: () => performance.now(),
};

interface Entry extends VerifiedSession {
  cachedAt: number;
}

/**
 * An instance's memory of verified sessions, keyed by the token's hash, so most requests
 * are answered without reading the session and the user (docs/decisions/020, "Session
 * cache"). Only successes are kept: every refusal is read fresh, so its reason is always
 * the database's.
 *
 * Staleness: a change made on this instance drops the cache once it committed
 * (`onLocalAuthChange`). A change made on another instance raises the auth generation; a
 * request trusts the cache only if a look at the generation started at most `checkEveryMs`
 * before it (else it awaits one shared look), so it sees any change committed more than
 * that long ago: well within a second. No timer: an idle instance reads nothing, and there
 * is nothing to stop at shutdown.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Raised at every drop: a read that began before a drop must not fill the cache after it. */
  private epoch = 0;
  private generation: number | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: SessionCacheOptions = SESSION_CACHE_DEFAULTS,
  ) {}

  /** Forgets every session (a change was seen, or made here). */
  drop(): void {
    this.epoch++;
    this.entries.clear();
  }

  /**
   * Resolves once the generation was looked at no longer than `checkEveryMs` before this
   * call; all requests waiting share one read. At most two reads: one started after this
   * call is fresh enough by definition.
   */
  async fresh(): Promise<void> {
    const arrived = this.opts.monotonic();
    while (this.checkedAt < arrived - this.opts.checkEveryMs) {
      if (!this.inFlight) {
        this.inFlight = this.check().finally(() => {
          this.inFlight = null;
        });
      }
      await this.inFlight;
    }
  }

  private async check(): Promise<void> {
    const started = this.opts.monotonic();
    const generation = await readAuthGeneration(this.db);
    if (this.generation !== null && generation !== this.generation) this.drop();
    this.generation = generation;
    this.checkedAt = Math.max(this.checkedAt, started);
  }

  get(tokenHash: string): VerifiedSession | null {
    const entry = this.entries.get(tokenHash);
    if (!entry) return null;
    if (this.opts.monotonic() - entry.cachedAt > this.opts.ttlMs) {
      this.entries.delete(tokenHash);
      return null;
    }
    // Map order is insertion order: moving a hit to the end makes the first key the LRU one.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    return entry;
  }

  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** The epoch to hand back to `set`: taken before the database is read. */
  mark(): number {
    return this.epoch;
  }

  /** Remembers a verified session, unless the cache was dropped since `mark()`. */
  set(tokenHash: string, value: VerifiedSession, mark: number): void {
    if (mark !== this.epoch) return;
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { ...value, cachedAt: this.opts.monotonic() });
    while (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One cache per app instance (its deps), like the password gate. */
const caches = new WeakMap<AppDeps, SessionCache>();

/** The instance's cache; `opts` (tests) take effect only on the call that makes it. */
export function sessionCacheOf(
  deps: AppDeps,
  opts: Partial<SessionCacheOptions> = {},
): SessionCache {
  let cache = caches.get(deps);
  if (!cache) {
    const made = new SessionCache(deps.db, { ...SESSION_CACHE_DEFAULTS, ...opts });
    onLocalAuthChange(deps.db, () => made.drop());
    caches.set(deps, made);
    cache = made;
  }
  return cache;
}
