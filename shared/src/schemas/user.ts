import { z } from 'zod';
import { ROLES } from '../constants/user';
import { idSchema, typeError } from './fields';

// Re-exported so `schemas/user` still offers everything about a user (see constants/user.ts).
export { ROLES, type Role, seesAllTowns } from '../constants/user';

export const roleSchema = z.enum(ROLES);

export const userSchema = z.object({
  id: idSchema,
  username: z.string().regex(/^[a-z0-9._-]{3,40}$/),
  displayName: z.string().min(1).max(40),
  role: roleSchema,
  townIds: z.array(z.string()),
});
export type User = z.infer<typeof userSchema>;

export const loginRequestSchema = z.strictObject({
  username: z
    .string({ error: typeError })
    .trim()
    .min(1, { error: 'required' })
    .max(40, { error: 'tooLong' }),
  password: z
    .string({ error: typeError })
    .min(1, { error: 'required' })
    .max(200, { error: 'tooLong' }),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  user: userSchema,
  expiresAt: z.string(),
  serverTime: z.string(),
  /** The password was set by an administrator: every other call answers 403 until it is changed. */
  mustChangePassword: z.boolean().optional(),
  /**
   * Days after closing that a field device keeps a closed case (then it drops the case and
   * its personal data); absent from older servers, when the device uses 90.
   */
  deviceRetentionDays: z.number().int().min(1).optional(),
  /**
   * The server-held per-user key (base64url of 32 bytes) that wraps the device's data key,
   * handed out only after a password sign-in; absent from older servers.
   */
  deviceKey: z.string().optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;
