// The slice of pouchdb-core the bench's PouchDB server uses (see pouchdb-browser.d.ts for why).
import type PouchDB from './pouchdb-browser';

export interface PouchStatic {
  new (name: string, options?: { adapter?: string }): PouchDB;
  plugin(plugin: unknown): PouchStatic;
  defaults(options: { adapter: string }): PouchStatic;
}

declare const PouchCore: PouchStatic;
export default PouchCore;
