import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * Table types for Kysely. Both dialects store the same shapes: instants are ISO 8601 UTC
 * strings (`toISOString()`, so they sort as text), JSON is text, booleans are 0/1 integers,
 * money is a 64-bit integer of fen (PostgreSQL bigint, parsed back to a JS number).
 */

/** Dispatch units (streets, towns, state-owned companies); `cases.town_id` names one. */
export interface UnitsTable {
  id: string;
  name: string;
  kind: string;
  sort_order: number;
  active: number;
  /** 1: the unit's officers get the morning digest SMS (0009_sms_digest). */
  sms_digest: Generated<number>;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  mobile: string | null;
  /** 1 after an admin set the password (create, reset): every call but a password change is refused. */
  must_change_password: number;
  last_sign_in_at: string | null;
  /**
   * The server-held key that wraps the phone's data key (0012_device_keys): made at the first
   * password sign-in, given out only in a password sign-in's answer, never changed.
   */
  device_key: string | null;
}

export interface UserUnitsTable {
  user_id: string;
  unit_id: string;
}

/** One year of the working-day calendar; the lists are JSON arrays of 'YYYY-MM-DD'. */
export interface WorkCalendarsTable {
  year: number;
  holidays: string;
  makeup_workdays: string;
  updated_at: string;
  updated_by: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** The device (clientId) this session last pushed with; null until it pushes. */
  client_id: Generated<string | null>;
  /** When the server last answered this session (push or pull; migration 0007). */
  last_contact_at: Generated<string | null>;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at_ms: number;
  ok: number;
}

export interface CasesTable {
  id: string;
  case_no: string;
  version: number;
  town_id: string;
  status: string;
  source: string;
  employer: string;
  claimants: string;
  workers_count: number;
  description: string;
  needs_assistance: number;
  assigned_officer_id: string | null;
  received_at: string;
  first_action_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  /** resolvedAt − receivedAt in ms (null while unresolved): the 1-3-7 "resolved late" filter. */
  resolve_elapsed_ms: number | null;
  /**
   * Until the first action: (firstActionAt, else resolvedAt) − receivedAt in ms, null while
   * neither happened (0011_dashboard_columns): the 1-3-7 "first action on time" figure.
   */
  first_action_elapsed_ms: number | null;
  /** Sum of the claimants' owedFen (0011_dashboard_columns): the dashboard's owed total. */
  owed_fen: number;
  outcome: string | null;
  recovered_fen: number;
  review_comment: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** JSON {field: version that last changed it}: the field-level conflict rule reads it. */
  field_versions: string;
  /** Lower-cased employer and claimant names, for the text search. */
  search_text: string;
  /** 'construction' | 'other', null before the public channel (0010_public_channel). */
  sector: string | null;
  /** JSON {name, generalContractor} of a construction case (0010_public_channel). */
  project: string | null;
}

export interface CaseCountersTable {
  year: number;
  last_no: number;
}

export interface CaseEventsTable {
  seq: Generated<number>;
  id: string;
  case_id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  client_id: string | null;
  mutation_id: string | null;
  name: string;
  changes: string;
  comment: string | null;
}

export interface MediationsTable {
  id: string;
  case_id: string;
  version: number;
  supersedes_id: string | null;
  data: string;
  recorded_by: string;
  recorded_at: string;
}

/** One check of one instalment (migration 0008); `data` is the InstalmentPayment as JSON. */
export interface InstalmentPaymentsTable {
  id: string;
  case_id: string;
  mediation_id: string;
  due_date: string;
  outcome: string;
  data: string;
  recorded_by: string;
  recorded_at: string;
}

export interface AttachmentsTable {
  id: string;
  case_id: string;
  sha256: string;
  kind: string;
  mime: string;
  size: number;
  created_at: string;
  linked_by: string;
  linked_at: string;
}

export interface BlobsTable {
  sha256: string;
  mime: string;
  size: number;
  data: Uint8Array;
  uploaded_by: string;
  created_at: string;
}

/**
 * Everyone who sent a blob's bytes (the first uploader and anyone who uploaded the same
 * content later): they may read and link it. Also the per-user quota of unlinked bytes and
 * the expiry of blobs never linked (migration 0006).
 */
export interface BlobUploadsTable {
  sha256: string;
  user_id: string;
  size: number;
  created_at: string;
}

/** Which cases reference a blob (attachments and mediation signatures/photos): read access. */
export interface BlobRefsTable {
  sha256: string;
  case_id: string;
}

/** The idempotency record of every pushed mutation: same key again → this stored result. */
export interface MutationLogTable {
  user_id: string;
  client_id: string;
  mutation_id: string;
  name: string;
  target_id: string | null;
  request_hash: string;
  status: string;
  result: string;
  created_at: string;
  /**
   * 1 for a row written before migration 0006 for a mutation id the same user had already
   * pushed under another clientId; never answered again. Lookups say `duplicate = 0`.
   */
  duplicate: Generated<number>;
}

/** A device id belongs to the first user who pushed with it. */
export interface ClientsTable {
  client_id: string;
  user_id: string;
  first_seen_at: string;
  last_contact_at: Generated<string | null>;
}

export interface ChangeFeedTable {
  seq: Generated<number>;
  /** PostgreSQL: the writing transaction's id (xid8); SQLite: 0. See docs/decisions/010-api-pull-feed-watermark.md. */
  xid: Generated<number>;
  entity: string;
  entity_id: string;
  /** '' for entries that belong to no case (units, calendar years). */
  case_id: string;
  /** The case's unit when written, or '*' for entries every scope receives. */
  town_id: string;
  /** Set on a case.assign that moved the case out of another town. */
  prev_town_id: string | null;
  op: string;
  created_at: string;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  /** The case a resolution message is about; null for a digest. */
  case_id: string | null;
  /** A digest's officer and China calendar day (unique together). */
  user_id: string | null;
  digest_day: string | null;
  mobile: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** Which message of a case it is (0010_public_channel); (case_id, kind, mobile) is unique. */
  kind: Generated<string | null>;
  /** The named template (shared/src/domain/sms-templates.ts) and its JSON parameters. */
  template_id: Generated<string | null>;
  params: Generated<string | null>;
}

/** An SMS code a worker proves a mobile with (0010_public_channel): only its salted hash. */
export interface OtpCodesTable {
  id: Generated<number>;
  mobile: string;
  purpose: string;
  salt: string;
  code_hash: string;
  created_at_ms: number;
  expires_at_ms: number;
  tries: Generated<number>;
  used_at_ms: number | null;
  /** The case a lookup code was used for: the rating of that case may use it once more. */
  used_case_no: string | null;
  rated_at_ms: number | null;
}

/** One limited key's current window and how many requests it counted (0010_public_channel). */
export interface PublicLimitsTable {
  bucket: string;
  window_start_ms: number;
  count: number;
}

/** A worker's satisfaction with a closed case, one per case (0010_public_channel). */
export interface CaseRatingsTable {
  case_id: string;
  rating: string;
  comment: string | null;
  created_at: string;
}

/** A town set a pull cursor was issued for; `town_ids` is a JSON array or "*" (all towns). */
export interface PullScopesTable {
  tag: string;
  town_ids: string;
  created_at: string;
}

/** One row: the identity of this database's change feed (docs/decisions/010). */
/** One row (id 1): raised by every change that can alter a session's answer (0013). */
export interface AuthGenerationTable {
  id: number;
  generation: number;
}

export interface FeedEpochTable {
  id: number;
  epoch: string;
  started_at: string;
  /** 1 once a restore has renewed the epoch: cursors from before the epoch existed are refused. */
  restored: number;
}

/** One hit against a shared limit (migration 0007). */
export interface RateLimitHitsTable {
  bucket: string;
  at_ms: number;
}

/** An inspector's plan for one week: which towns on which days, and the cases to visit. */
export interface VisitPlansTable {
  id: string;
  inspector_id: string;
  week_of: string;
  /** JSON [{townId, date}] */
  visits: string;
  /** JSON [caseId] */
  case_ids: string;
  note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A wage-guarantee insurance advance claim on a case (started → approved → paid). */
export interface InsuranceClaimsTable {
  id: string;
  case_id: string;
  status: string;
  amount_fen: number;
  comment: string | null;
  started_by: string;
  started_at: string;
  approved_by: string | null;
  approved_at: string | null;
  agreement_date: string | null;
  due_date: string | null;
  paid_date: string | null;
}

/** `kind`: 'linked' (same dispute, both stay) or 'merged' (case_id folded into other_id). */
export interface CaseLinksTable {
  case_id: string;
  other_id: string;
  kind: string;
  created_by: string;
  created_at: string;
}

/** Reads that concern many cases at once (exports) and administration changes. Append-only. */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  /** JSON */
  detail: string;
}

export interface Database {
  units: UnitsTable;
  users: UsersTable;
  user_units: UserUnitsTable;
  work_calendars: WorkCalendarsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  cases: CasesTable;
  case_counters: CaseCountersTable;
  case_events: CaseEventsTable;
  mediations: MediationsTable;
  instalment_payments: InstalmentPaymentsTable;
  attachments: AttachmentsTable;
  blobs: BlobsTable;
  blob_refs: BlobRefsTable;
  blob_uploads: BlobUploadsTable;
  mutation_log: MutationLogTable;
  clients: ClientsTable;
  change_feed: ChangeFeedTable;
  sms_outbox: SmsOutboxTable;
  pull_scopes: PullScopesTable;
  feed_epoch: FeedEpochTable;
  auth_generation: AuthGenerationTable;
  rate_limit_hits: RateLimitHitsTable;
  visit_plans: VisitPlansTable;
  insurance_claims: InsuranceClaimsTable;
  case_links: CaseLinksTable;
  audit_log: AuditLogTable;
  otp_codes: OtpCodesTable;
  public_limits: PublicLimitsTable;
  case_ratings: CaseRatingsTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repositories accept both. */
export type Executor = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
