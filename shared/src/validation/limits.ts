/**
 * The longest text each case field takes, in UTF-16 units after trimming (what zod's
 * `.max` counts). The schemas check against these and the forms count down to them, so a
 * field shows how much is left instead of a browser cutting a paste short without a word.
 * Zod-free: the forms read it without loading a validator.
 */
export const TEXT_LIMITS = {
  employerName: 100,
  personName: 40,
  address: 200,
  homeProvince: 20,
  description: 4000,
  /** A status move's or a review's comment (protocol/mutations.ts). */
  comment: 2000,
} as const;
