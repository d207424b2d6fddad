/** Photos and signatures are images; documents may be PDF. Nothing else is accepted. */
export const ATTACHMENT_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
