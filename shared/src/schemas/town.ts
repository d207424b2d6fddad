import { z } from 'zod';

export const TOWN_KINDS = ['street', 'town'] as const;

export const townSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/),
  name: z.string().min(1).max(40),
  kind: z.enum(TOWN_KINDS),
});
export type Town = z.infer<typeof townSchema>;
