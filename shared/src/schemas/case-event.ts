import { z } from 'zod';

/** One field's change inside an event: the audit trail keeps both sides. */
export const fieldChangeSchema = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});

/**
 * A case event (案件动态): every change to a case, by whom, from which device, when (server
 * time). The case timeline and the audit log are this same data. Append-only.
 */
export const caseEventSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  clientId: z.string().nullable(),
  mutationId: z.string().nullable(),
  /** The mutation name (`case.update`, ...) or a read worth auditing (`case.viewIdNumber`, `export`). */
  name: z.string(),
  changes: z.array(fieldChangeSchema),
  comment: z.string().nullable(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;
