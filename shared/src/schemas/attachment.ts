import { z } from 'zod';
import { ATTACHMENT_MIME_TYPES, MAX_ATTACHMENT_BYTES } from '../constants/attachment';
import { idSchema, instantSchema, sha256Schema } from './fields';

// Re-exported so `schemas/attachment` still offers everything about an attachment.
export { ATTACHMENT_MIME_TYPES, MAX_ATTACHMENT_BYTES } from '../constants/attachment';

export const attachmentMetaSchema = z.strictObject({
  sha256: sha256Schema,
  caseId: idSchema,
  kind: z.enum(['photo', 'signature', 'document'], { error: 'notInList' }),
  mime: z.enum(ATTACHMENT_MIME_TYPES, { error: 'notInList' }),
  size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES, { error: 'tooLarge' }),
  createdAt: instantSchema.optional(),
});
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;
