import { z } from 'zod';
import { idSchema, instantSchema, sha256Schema } from './fields';

/** Photos and signatures are images; documents may be PDF. Nothing else is accepted. */
export const ATTACHMENT_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const attachmentMetaSchema = z.strictObject({
  sha256: sha256Schema,
  caseId: idSchema,
  kind: z.enum(['photo', 'signature', 'document'], { error: 'notInList' }),
  mime: z.enum(ATTACHMENT_MIME_TYPES, { error: 'notInList' }),
  size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES, { error: 'tooLarge' }),
  createdAt: instantSchema.optional(),
});
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;
