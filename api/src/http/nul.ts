/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in input would fail deep in a query
 * (a 500) on one dialect and be stored on the other. Input with NUL is refused up front, the
 * same way on both: this finds the first one and says where. Iterative, so a hostile,
 * deeply nested body cannot overflow the stack.
 */
export function findNul(value: unknown): string | null {
  // Each node keeps only its key and its parent, so the path is built once, on a hit.
  type Node = { v: unknown; key: string | null; parent: Node | null };
  const pathOf = (n: Node, last?: string): string => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let at: Node | null = n; at !== null && at.key !== null; at = at.parent) keys.push(at.key);
    return keys.reverse().join('.') || '_';
  };
  const stack: Node[] = [{ v: value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.v;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return pathOf(node);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: String(i), parent: node });
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        if (k.includes('\u0000')) return pathOf(node, k.replaceAll('\u0000', ''));
        stack.push({ v: child, key: k, parent: node });
      }
    }
  }
  return null;
}

export function urlHasNul(url: string): boolean {
  return /%00/i.test(url);
}
