import type { Executor } from '../db/schema';

/** Tables added by migration 0002_office (same conventions as db/schema.ts). */
export type VisitPlansTable = {
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
};

export type InsuranceClaimsTable = {
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
};

/** `kind`: 'linked' (same dispute, both stay) or 'merged' (case_id folded into other_id). */
export type CaseLinksTable = {
  case_id: string;
  other_id: string;
  kind: string;
  created_by: string;
  created_at: string;
};

/** Reads that concern many cases at once (exports): who, when, what. Append-only. */
export type AuditLogTable = {
  id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  /** JSON */
  detail: string;
};

export type OfficeTables = {
  visit_plans: VisitPlansTable;
  insurance_claims: InsuranceClaimsTable;
  case_links: CaseLinksTable;
  audit_log: AuditLogTable;
};

/** The same connection or transaction, typed with the office tables as well. */
export function officeDb(db: Executor) {
  return db.withTables<OfficeTables>();
}
