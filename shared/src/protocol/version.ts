/**
 * The sync protocol's version. Bump it whenever a wire schema changes; a test hashes the
 * schemas and fails when they change without a bump. Clients send it as X-Anxin-Protocol.
 */
export const PROTOCOL_VERSION = 6;
/** The first protocol whose pull carries `unit` and `calendar` changes. */
export const PROTOCOL_WITH_DIRECTORY = 3;
export const PROTOCOL_HEADER = 'X-Anxin-Protocol';
