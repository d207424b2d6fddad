import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { Session } from '../auth/session';
import type { Actions } from '../data/actions';
import type { AnxinDB } from '../data/db';
import type { SessionUser } from '../data/types';
import type { Vault } from '../data/vault/types';
import type { SyncEngine } from '../sync/engine';
import type { SyncStatus } from '../sync/status';

/**
 * What exists before anyone signs in: the local database, the session keeper, and the vault
 * that holds the database's key (the app renders by its state: sign-in, lock, PIN, app).
 */
export interface AppServices {
  db: AnxinDB;
  session: Session;
  vault: Vault;
}

/** Who is signed in on this device. Known as soon as the stored session is read. */
export interface SignedIn {
  user: SessionUser;
  expiresAt: string;
  signOut: Session['logout'];
  /** Shows the sign-in screen again (session expired) without touching local data. */
  signInAgain: () => void;
}

/**
 * The write path and the sync engine. Loaded just after the first screen has painted: the
 * case list reads Dexie directly and needs neither, so they stay out of the officer's
 * initial JavaScript.
 */
export interface Engine {
  actions: Actions;
  sync: SyncEngine;
}

export type Workspace = SignedIn & Engine;

const ServicesContext = createContext<AppServices | null>(null);
const SignedInContext = createContext<SignedIn | null>(null);
const EngineContext = createContext<Engine | null>(null);

export function ServicesProvider(props: { value: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={props.value}>{props.children}</ServicesContext.Provider>;
}

export function SignedInProvider(props: {
  value: SignedIn;
  engine: Engine | null;
  children: ReactNode;
}) {
  return (
    <SignedInContext.Provider value={props.value}>
      <EngineContext.Provider value={props.engine}>{props.children}</EngineContext.Provider>
    </SignedInContext.Provider>
  );
}

export function useServices(): AppServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}

export function useDb(): AnxinDB {
  return useServices().db;
}

export function useSignedIn(): SignedIn {
  const s = useContext(SignedInContext);
  if (!s) throw new Error('useSignedIn outside a signed-in screen');
  return s;
}

/** Null until the engine chunk has loaded (a moment after the first paint). */
export function useEngine(): Engine | null {
  return useContext(EngineContext);
}

/** For screens that write: they are only rendered once the engine is there. */
export function useWorkspace(): Workspace {
  const s = useSignedIn();
  const e = useEngine();
  if (!e) throw new Error('useWorkspace before the engine loaded');
  return { ...s, ...e };
}

const noop = () => () => {};
const none = () => null;

/** The sync engine's status (null while it loads), re-rendering on every change it reports. */
export function useSyncStatus(): SyncStatus | null {
  const e = useEngine();
  return useSyncExternalStore(
    e ? e.sync.subscribe : noop,
    e ? e.sync.getStatus : none,
    e ? e.sync.getStatus : none,
  );
}
