import type { AttachmentMeta, Case, CaseEvent, Mediation, MutationName, Role } from '@anxin/shared';

/**
 * A case as the device shows it: the last server copy with this device's unsent changes
 * applied on top. `version` is always the last server version seen (0 for a case created
 * here and not yet accepted), never bumped by local edits, so it is the baseVersion of the
 * next edit.
 */
export type LocalCase = Case & {
  /** Indexed (multiEntry) for the duplicate hint: same claimant mobile in an open case. */
  claimantMobiles: string[];
  /** Unsent mutations touching this case (its own edits, mediations and attachments). */
  pendingCount: number;
  /**
   * The server copy underneath the local edits, present only while pendingCount > 0
   * (null: created on this device and not yet accepted). When a pull or a push result
   * changes the server copy, the view is rebuilt from it plus the still-pending mutations,
   * so what the officer typed and has not sent is never overwritten.
   */
  base?: Case | null;
};

/** A mediation record; `pending` while its mediation.record mutation is unsent. */
export type LocalMediation = Mediation & { pending: boolean };

export interface OutboxItem {
  seq?: number;
  /** The mutation id: client-made, unique, the server's idempotency key. */
  id: string;
  name: MutationName;
  args: unknown;
  baseVersion?: number;
  /** The case this mutation touches (mediations and attachments name their case). */
  entityId: string;
  createdAt: string;
  /** Who made the change on this device (the local view of a new case names its creator). */
  actorId: string;
  actorRole: Role;
  attempts: number;
  lastError?: string;
}

export type ConflictKind = 'conflict' | 'rejected' | 'out_of_scope';

/** The inbox: a change the server did not take, kept until a person discards or re-applies it. */
export interface ConflictItem {
  id: string;
  kind: ConflictKind;
  mutation: { id: string; name: MutationName; args: unknown; baseVersion?: number };
  entityId: string;
  /** The fields concerned (for a conflict: those changed on both sides). */
  fields: string[];
  /** What the officer entered for those fields. */
  mine: Record<string, unknown>;
  /** The server copy at the time (null when there is none on this device). */
  server: unknown;
  /**
   * Why it is here: a key of the shared catalogue and the server's words, put into words in
   * the UI's language when shown (sync/reasons.ts `reasonText`).
   */
  why?: { key: string; serverMessage?: string; serverFields?: Record<string, string> };
  /** Items stored before `why`: the reason as prose, Chinese and English. */
  reason?: string;
  reasonEn?: string;
  /** The server's error code when it gave one (e.g. transition.notAllowed, not_found). */
  code?: string;
  /**
   * The values the officer started from (the server copy at the edit's baseVersion), by
   * the top-level fields of `mine`: with them the inbox tells which side changed each value.
   * Absent when the device no longer had that version (or for items stored before).
   */
  baseline?: Record<string, unknown>;
  /** The case as the officer knows it, kept for when the case itself leaves the device. */
  subject?: { caseNo: string | null; employer: string };
  createdAt: string;
}

export type AttachmentKind = AttachmentMeta['kind'];

/** A photo, signature or document stored on this device; `uploaded` once the server has it. */
export interface LocalAttachment {
  sha256: string;
  caseId: string;
  kind: AttachmentKind;
  mime: AttachmentMeta['mime'];
  size: number;
  blob: Blob;
  /** Survives a reload, so an interrupted upload resumes instead of being forgotten. */
  uploaded: boolean;
  createdAt: string;
}

/** Attachment metadata that arrived by pull (the bytes stay on the server until asked for). */
export interface RemoteAttachment extends AttachmentMeta {
  /** The server's attachment id (one per case and content hash). */
  id: string;
  version: number;
}

export interface Draft {
  id: string;
  kind: 'case' | 'mediation';
  caseId?: string;
  data: unknown;
  updatedAt: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  townIds: string[];
}

export interface StoredSession {
  user: SessionUser;
  token: string;
  expiresAt: string;
  /** From the server at sign-in; see data/retention.ts. */
  retentionDays?: number;
}

export type { CaseEvent };
