/// <reference types="node" />
// biome-ignore lint/style/noRestrictedImports: a test may use Node; the hash is only checked here.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { apiErrorSchema } from './errors';
import { MUTATION_ARGS } from './mutations';
import { pullQuerySchema, pullResponseSchema } from './pull';
import { pushRequestSchema, pushResponseSchema, pushResultSchema } from './push';
import { PROTOCOL_VERSION } from './version';

/**
 * The hash of every wire schema, per protocol version. When a wire schema changes, an old
 * client would send or expect the old shape, so the change must come with a new
 * PROTOCOL_VERSION; this test notices a change made without one. A zod upgrade that renders
 * the same schemas differently also trips it: check the schemas really are unchanged, then
 * record the new hash under the same version.
 */
const RECORDED_HASHES: Record<number, string> = {
  1: '26ca1a10cb80a75c532576d4c3b3825954d859b5800e8dd5257de8b5f3d6b6cc',
  // 2: the office and inspector mutations (visit.*, insurance.*, case.link, case.merge).
  2: '51cb5371e4f75dfb8b15697d447a1f4c1abdae99e03e3a31e47de881c6c0972f',
  // 3: pull entities `unit` and `calendar`; errors may carry `meta`; amount override
  // reasons; names normalised; at most 5,000 workers per case.
  3: '87cf1598eb2cbf4980640b3244ef061eadbc91681052e7f460fe9acfebc9c476',
  // 4: envelopes carry `occurredAt`; pull entity `instalment` and mutation `instalment.record`;
  // mediation `parties` and `agreementNo`; case events carry catalogue notes; pull `total`
  // / `remaining`; units carry `smsDigest`.
  4: 'd1001b0214046989a7ed8bf6b2ffaa937cf897063f0eb5326d40f50189200fbd',
  // 5: case.review decision `undo_approve` (the office takes back an approval within
  // APPROVAL_UNDO_MS); a comment is required only to return.
  5: '5563d7386ca62a7cedd71d20da2c75c0652b2e60a3456f727fdf4d1aa35dcaa7',
  // 6: the schemas are those of 5; what changed is content: a `case.create` event reaches
  // the device with its notes only (PROTOCOL_WITH_SLIM_CREATION, shared/src/protocol/pull.ts).
  6: '5563d7386ca62a7cedd71d20da2c75c0652b2e60a3456f727fdf4d1aa35dcaa7',
};

const WIRE_SCHEMAS: Record<string, z.ZodType> = {
  pushRequest: pushRequestSchema,
  pushResult: pushResultSchema,
  pushResponse: pushResponseSchema,
  pullQuery: pullQuerySchema,
  pullResponse: pullResponseSchema,
  apiError: apiErrorSchema,
  ...Object.fromEntries(Object.entries(MUTATION_ARGS).map(([name, s]) => [`args:${name}`, s])),
};

function wireSchemasHash(schemas: Record<string, z.ZodType>): string {
  const rendered = Object.keys(schemas)
    .sort()
    .map((name) => [
      name,
      // Transforms and refinements cannot be expressed in JSON Schema; the input shape can.
      z.toJSONSchema(schemas[name]!, { io: 'input', unrepresentable: 'any' }),
    ]);
  return createHash('sha256').update(JSON.stringify(rendered)).digest('hex');
}

it('keeps the wire schemas as recorded for this PROTOCOL_VERSION', () => {
  const hash = wireSchemasHash(WIRE_SCHEMAS);
  expect(
    hash,
    `wire schemas changed: bump PROTOCOL_VERSION and record the new hash (${hash}) for it in shared/src/protocol/version.test.ts`,
  ).toBe(RECORDED_HASHES[PROTOCOL_VERSION]);
});

it('notices even an added optional argument or a changed limit', () => {
  const base = wireSchemasHash(WIRE_SCHEMAS);
  const withOptional = {
    ...WIRE_SCHEMAS,
    'args:case.transition': MUTATION_ARGS['case.transition'].extend({
      note: z.string().optional(),
    }),
  };
  expect(wireSchemasHash(withOptional)).not.toBe(base);
  const withLimit = {
    ...WIRE_SCHEMAS,
    pushRequest: pushRequestSchema.extend({ clientId: z.string().max(10) }),
  };
  expect(wireSchemasHash(withLimit)).not.toBe(base);
  expect(wireSchemasHash({ ...WIRE_SCHEMAS })).toBe(base);
});
