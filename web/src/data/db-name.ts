/**
 * The device database's name. A module of its own: the first screen's raw keyring read
 * (vault/raw-keyring.ts) opens this database before Dexie and the schema (db.ts) are loaded.
 */
export const DB_NAME = 'anxin-field';
