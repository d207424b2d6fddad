// PouchDB plugins (adapters, map/reduce, replication) are passed to PouchDB.plugin() as is.
declare const plugin: unknown;
export default plugin;
