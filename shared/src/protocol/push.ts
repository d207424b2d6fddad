import { z } from 'zod';
import { instantSchema } from '../schemas/fields';
import { apiErrorBodySchema } from './errors';

/** Caps that keep one push small enough to apply and answer quickly: 413 beyond. */
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PUSH_BYTES = 1024 * 1024;

export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'id.invalid' });

/** No mutation's arguments nest deeper than this; real ones stay under ten levels. */
export const MAX_ARGS_DEPTH = 32;

/**
 * Whether a parsed JSON value nests deeper than `limit`. Iterative on purpose: the server hashes
 * and walks arguments before validating them, and a 1 MiB body can nest a hundred thousand
 * levels, which would overflow any recursive walk.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** One queued mutation as sent. `args` is validated per mutation, not per batch. */
export const mutationEnvelopeSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'id.invalid' }),
  name: z.string().min(1).max(64),
  args: z.unknown().refine((v) => !nestsDeeperThan(v, MAX_ARGS_DEPTH), { error: 'tooDeep' }),
  baseVersion: z.number().int().min(0).optional(),
  /**
   * When the officer did it: the device's clock corrected by the offset it measured at its
   * last contact. The server places it in the action window (domain/action-time.ts); absent
   * (older clients), the server's own time stands.
   */
  occurredAt: instantSchema.optional(),
});
export type MutationEnvelope = z.infer<typeof mutationEnvelopeSchema>;

export const pushRequestSchema = z.strictObject({
  clientId: clientIdSchema,
  mutations: z.array(mutationEnvelopeSchema).max(MAX_PUSH_MUTATIONS, { error: 'tooMany' }),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const PUSH_STATUSES = ['applied', 'conflict', 'rejected'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export const pushResultSchema = z.object({
  id: z.string(),
  status: z.enum(PUSH_STATUSES),
  /** The row's version after the mutation (applied) or the server's current one (conflict). */
  version: z.number().int().optional(),
  /** The server copy of the row, on conflict (and on rejection where a row exists). */
  server: z.unknown().optional(),
  /** On conflict: the fields changed on the server since baseVersion that this mutation also changes. */
  conflictFields: z.array(z.string()).optional(),
  error: apiErrorBodySchema.optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(pushResultSchema),
  serverTime: z.string(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
