// express-pouchdb ships no types; this is the one call the bench makes.
declare module 'express-pouchdb' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  function expressPouchdb(
    pouch: unknown,
    opts?: {
      mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
      inMemoryConfig?: boolean;
      logPath?: string;
    },
  ): Handler;
  export default expressPouchdb;
}
