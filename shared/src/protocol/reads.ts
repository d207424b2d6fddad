import type { Clock137Result, Stage137 } from '../domain/clock137';
import type { DuplicateReason } from '../domain/duplicates';
import type { InsuranceClaim } from '../domain/insurance';
import type { VisitReason } from '../domain/visit-plan';
import type { Case, CaseOutcome, CaseStatus } from '../schemas/case';
import type { User } from '../schemas/user';
import type { VisitPlanArgs } from './office-mutations';

/**
 * The JSON answers of the read endpoints (reads exist only for what does not belong on a
 * device: city-wide lists, aggregates, exports). The API returns these types and the PWA
 * reads them, so both sides agree by the compiler, not by copies.
 */

export type CaseListItem = Case & { clock137: Clock137Result };

/** GET /api/cases */
export interface CaseListAnswer {
  items: CaseListItem[];
  total: number;
  offset: number;
  limit: number;
  serverTime: string;
}

/** GET /api/users */
export interface UsersAnswer {
  users: User[];
}

/** GET /api/dashboard — aggregates over the cases in the user's scope. */
export interface Dashboard {
  serverTime: string;
  totals: {
    cases: number;
    open: number;
    resolved: number;
    workersHelped: number;
    owedFen: number;
    recoveredFen: number;
  };
  byTownStatus: Array<{ townId: string; status: CaseStatus; count: number }>;
  compliance137: {
    firstActionOnTime: number;
    firstActionDue: number;
    warningNow: number;
    overdueNow: number;
    resolvedOnTime: number;
    resolvedLate: number;
    /** Shares in [0, 1], null when there is nothing to measure. */
    firstActionOnTimeRate: number | null;
    resolvedWithinDeadlineRate: number | null;
  };
  byStage: Record<Stage137, number>;
  outcomes: Partial<Record<CaseOutcome, number>>;
  /**
   * Employers with two or more cases: the same credit code or the same normalised name
   * (domain/employers.ts). `creditCode` is the one most cases give ('' if none does),
   * `name` as most cases write it.
   */
  repeatEmployers: Array<{ creditCode: string; name: string; cases: number }>;
}

export interface WeekPoint {
  /** Monday of the week (China calendar). */
  weekOf: string;
  received: number;
  resolved: number;
  recoveredFen: number;
}

export interface TownRow {
  townId: string;
  cases: number;
  open: number;
  warning: number;
  overdue: number;
  resolved: number;
  workersHelped: number;
  recoveredFen: number;
}

export type ClaimView = InsuranceClaim & { late: boolean };

/** GET /api/insurance/claims */
export interface ClaimsAnswer {
  claims: ClaimView[];
  today: string;
}

/** Workers' ratings (码上办事) of the cases of one unit. */
export interface UnitSatisfaction {
  unitId: string;
  satisfied: number;
  mostly: number;
  unsatisfied: number;
  total: number;
  /** (satisfied + mostly) / total, or null with no rating: 满意率 counts 基本满意 as satisfied. */
  rate: number | null;
}

/** GET /api/office/dashboard */
export interface OfficeDashboard extends Dashboard {
  resolutionRate: number | null;
  unassigned: number;
  awaitingReview: number;
  byTown: TownRow[];
  weekly: WeekPoint[];
  insurance: {
    started: number;
    approved: number;
    paid: number;
    late: number;
    lateClaims: ClaimView[];
  };
  /** By unit, the ratings given in the period (docs/dashboard-figures.md). */
  satisfaction: UnitSatisfaction[];
}

export interface DuplicateHit {
  id: string;
  caseNo: string | null;
  townId: string;
  status: CaseStatus;
  employerName: string;
  claimantNames: string[];
  receivedAt: string;
  reasons: DuplicateReason[];
}

export interface IntakeItem {
  case: Case;
  clock137: Clock137Result;
  duplicates: DuplicateHit[];
  linkedIds: string[];
}

/** GET /api/office/intake */
export interface IntakeAnswer {
  items: IntakeItem[];
  serverTime: string;
}

/** GET /api/employers/history */
export interface EmployerHistory {
  creditCode: string;
  /** Cases against this employer in the whole city (a number only: other towns stay private). */
  cityTotal: number;
  cases: Array<{
    id: string;
    caseNo: string | null;
    townId: string;
    status: CaseStatus;
    receivedAt: string;
    resolvedAt: string | null;
    outcome: CaseOutcome | null;
    workersCount: number;
    owedFen: number;
    recoveredFen: number;
  }>;
}

export interface VisitPlan {
  id: string;
  inspectorId: string;
  weekOf: string;
  visits: VisitPlanArgs['visits'];
  caseIds: string[];
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/visits/plans */
export interface PlansAnswer {
  plans: VisitPlan[];
  weekOf: string;
  serverTime: string;
}

export interface VisitCandidate {
  case: Case;
  clock137: Clock137Result;
  reasons: VisitReason[];
}

/** GET /api/visits/candidates */
export interface CandidatesAnswer {
  items: VisitCandidate[];
  serverTime: string;
}
