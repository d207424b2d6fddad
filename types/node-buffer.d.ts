// @types/node's undici-types import 'buffer'. With "bundler" resolution that name finds the
// npm `buffer` polyfill (pulled in by exceljs and PouchDB) before Node's own module, and every
// Buffer stops matching Node's types. tsconfig `paths` sends 'buffer' here instead.
export * from 'node:buffer';
