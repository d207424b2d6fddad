import type { IncomingMessage, ServerResponse } from 'node:http';
import expressPouchdb from 'express-pouchdb';
import httpAdapter from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import PouchDB from 'pouchdb-core';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

export interface PouchServer {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  load: (dbName: string, docs: Array<Record<string, unknown>>) => Promise<number>;
}

/**
 * "pouchdb-server in memory": express-pouchdb (the HTTP layer pouchdb-server is made of)
 * over PouchDB with the memory adapter, mounted on the bench's loopback server.
 */
// PouchDB.plugin changes the PouchDB class itself, and the replication plugin cannot be
// applied twice ("Cannot redefine property: replicate"): one set-up per process, shared by
// every scenario that serves PouchDB (8 and 9 in one run).
let memoryPouch: ReturnType<typeof PouchDB.defaults> | undefined;

function memoryPouchClass(): ReturnType<typeof PouchDB.defaults> {
  memoryPouch ??= PouchDB.plugin(httpAdapter)
    .plugin(memory)
    .plugin(mapreduce)
    .plugin(replication)
    .defaults({
      adapter: 'memory',
    });
  return memoryPouch;
}

export function pouchServer(): PouchServer {
  const Pouch = memoryPouchClass();
  const listener = expressPouchdb(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true });
  return {
    listener,
    async load(dbName, docs) {
      const db = new Pouch(dbName);
      for (let i = 0; i < docs.length; i += 2_000) await db.bulkDocs(docs.slice(i, i + 2_000));
      return (await db.info()).doc_count;
    },
  };
}
