import type { KyselyPlugin, RootOperationNode } from 'kysely';

// Counting what the app sends to the database, by the tables each statement names: the
// tests of a pull's and a session check's cost (api/test/pull-cost, session-cache).

/** Every table a query names (its subqueries included). */
export function tablesOf(node: unknown, out = new Set<string>()): Set<string> {
  if (!node || typeof node !== 'object') return out;
  const n = node as { kind?: string; table?: { identifier?: { name?: string } } };
  if (n.kind === 'TableNode' && n.table?.identifier?.name) out.add(n.table.identifier.name);
  for (const v of Object.values(node)) tablesOf(v, out);
  return out;
}

/**
 * One entry per statement EXECUTED: transformQuery also sees every subquery as it is built
 * into its parent, so a statement is counted when its result comes back.
 */
export function queryCounter(): KyselyPlugin & { queries: string[][] } {
  const queries: string[][] = [];
  const built = new Map<unknown, string[]>();
  return {
    queries,
    transformQuery({ node, queryId }: { node: RootOperationNode; queryId: unknown }) {
      built.set(queryId, [...tablesOf(node)].sort());
      return node;
    },
    async transformResult({ result, queryId }) {
      queries.push(built.get(queryId) ?? ['?']);
      built.delete(queryId);
      return result;
    },
  };
}
