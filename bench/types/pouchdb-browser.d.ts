// The slice of pouchdb-browser the bench uses, instead of @types/pouchdb-*: those declare a
// global `interface Buffer` that merges into Node's and breaks the Node code this program
// also compiles (see bench/tsconfig.json `paths`).
export interface PouchInfo {
  doc_count: number;
}

export interface ReplicationResult {
  ok: boolean;
  docs_written: number;
}

export default class PouchDB {
  constructor(name: string, options?: { adapter?: string });
  info(): Promise<PouchInfo>;
  destroy(): Promise<unknown>;
  bulkDocs(docs: Array<Record<string, unknown>>): Promise<unknown[]>;
  replicate: {
    from(source: string | PouchDB, options?: { batch_size?: number }): Promise<ReplicationResult>;
  };
}
