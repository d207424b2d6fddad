import type { Case, CaseEvent, MutationName } from '@anxin/shared';
import type { ConflictItem } from './types';

/**
 * An inbox item as a person compares it: one row per value that differs between what the
 * officer sent and the server copy, at the level a person edits (an employer's phone, not
 * "employer"), and the patch a per-field choice makes of them. Pure, so the screen and
 * `resolveConflict` read the same rows.
 */

/** How a value is put into words (see components/conflict/format.ts). */
export type ValueKind =
  | 'text'
  | 'longText'
  | 'code'
  | 'phone'
  | 'money'
  | 'instant'
  | 'date'
  | 'count'
  | 'bool'
  | 'status'
  | 'town'
  | 'person'
  | 'bytes'
  | 'attendees'
  | 'instalments'
  | 'signatures'
  | 'photos'
  /** A whole claimant, added or removed by one side. */
  | 'claimant'
  /** A value from a label table: `enumOf` is its catalogue prefix (`sources`, `outcomes`). */
  | 'enum';

/** A catalogue key and its parameters; a row's label is its parts joined ("申请人 1 · 姓名"). */
export interface LabelPart {
  key: string;
  params?: Record<string, string | number>;
}

interface LeafSpec {
  label: LabelPart;
  kind: ValueKind;
  enumOf?: string;
  /** Free text a person may want to keep from both sides: offered as a merge. */
  mergeable?: boolean;
}

const EMPLOYER: Record<string, LeafSpec> = {
  name: { label: { key: 'newCase.employerName' }, kind: 'text', mergeable: true },
  creditCode: { label: { key: 'newCase.creditCode' }, kind: 'code' },
  contactName: { label: { key: 'newCase.contactName' }, kind: 'text', mergeable: true },
  contactPhone: { label: { key: 'newCase.contactPhone' }, kind: 'phone' },
  address: { label: { key: 'newCase.address' }, kind: 'text', mergeable: true },
};

const CLAIMANT: Record<string, LeafSpec> = {
  name: { label: { key: 'newCase.name' }, kind: 'text', mergeable: true },
  mobile: { label: { key: 'newCase.mobile' }, kind: 'phone' },
  idNumber: { label: { key: 'newCase.idNumber' }, kind: 'code' },
  homeProvince: { label: { key: 'caseDetail.homeProvince' }, kind: 'text', mergeable: true },
  owedFen: { label: { key: 'caseDetail.owed' }, kind: 'money' },
  periodFrom: { label: { key: 'newCase.periodFrom' }, kind: 'date' },
  periodTo: { label: { key: 'newCase.periodTo' }, kind: 'date' },
};

/** Top-level values by mutation field name; `employer` and `claimants` open into leaves. */
const FIELDS: Record<string, LeafSpec> = {
  townId: { label: { key: 'fields.townId' }, kind: 'town' },
  source: { label: { key: 'fields.source' }, kind: 'enum', enumOf: 'sources' },
  workersCount: { label: { key: 'fields.workersCount' }, kind: 'count' },
  description: { label: { key: 'fields.description' }, kind: 'longText', mergeable: true },
  needsAssistance: { label: { key: 'fields.needsAssistance' }, kind: 'bool' },
  receivedAt: { label: { key: 'fields.receivedAt' }, kind: 'instant' },
  status: { label: { key: 'caseDetail.status' }, kind: 'status' },
  outcome: { label: { key: 'fields.outcome' }, kind: 'enum', enumOf: 'outcomes' },
  recoveredFen: { label: { key: 'fields.recoveredFen' }, kind: 'money' },
  comment: { label: { key: 'caseDetail.comment' }, kind: 'longText' },
  // The targets' labels are the case page's own (caseDetail.arbitration, .enforcement).
  transferTarget: {
    label: { key: 'caseDetail.transferTarget' },
    kind: 'enum',
    enumOf: 'caseDetail',
  },
  amountOverrideReason: { label: { key: 'mediation.overrideReason' }, kind: 'longText' },
  assignedOfficerId: { label: { key: 'fields.assignedOfficerId' }, kind: 'person' },
  decision: { label: { key: 'conflicts.decision' }, kind: 'enum', enumOf: 'conflicts.decisions' },
  // mediation.record
  heldAt: { label: { key: 'mediation.heldAt' }, kind: 'instant' },
  place: { label: { key: 'mediation.place' }, kind: 'text' },
  attendees: { label: { key: 'mediation.attendees' }, kind: 'attendees' },
  facts: { label: { key: 'mediation.facts' }, kind: 'longText' },
  terms: { label: { key: 'mediation.terms' }, kind: 'longText' },
  amountAgreedFen: { label: { key: 'agreement.amountAgreed' }, kind: 'money' },
  amountPaidOnSiteFen: { label: { key: 'agreement.amountPaidOnSite' }, kind: 'money' },
  instalments: { label: { key: 'mediation.instalments' }, kind: 'instalments' },
  signatures: { label: { key: 'mediation.signatures' }, kind: 'signatures' },
  photoHashes: { label: { key: 'mediation.photos' }, kind: 'photos' },
  // attachment.link
  kind: {
    label: { key: 'conflicts.attachmentKind' },
    kind: 'enum',
    enumOf: 'conflicts.attachments',
  },
  size: { label: { key: 'conflicts.size' }, kind: 'bytes' },
  createdAt: { label: { key: 'conflicts.takenAt' }, kind: 'instant' },
};

/** Ids and hashes: how the device and the server find things, never what a person reads. */
const HIDDEN = new Set(['id', 'caseId', 'supersedesId', 'sha256', 'mime']);

/** Names that mean something else in one mutation: a mediation's outcome, a review's comment. */
const BY_MUTATION: Partial<Record<MutationName, Record<string, LeafSpec>>> = {
  'mediation.record': {
    outcome: { label: { key: 'mediation.outcome' }, kind: 'enum', enumOf: 'mediationOutcomes' },
  },
  'case.review': { comment: { label: { key: 'fields.reviewComment' }, kind: 'longText' } },
};

/** Mutations whose values are the case's own fields, so the server copy has them to compare. */
const ON_CASE_FIELDS: ReadonlySet<MutationName> = new Set<MutationName>([
  'case.update',
  'case.transition',
  'case.assign',
  'case.review',
]);

/** Which side changed a value since the version the officer edited. */
export type ChangedBy = 'mine' | 'theirs' | 'both';

export interface FieldRow {
  /** Where the value sits: `description`, `employer.contactPhone`, `claimants.0.owedFen`. */
  path: string;
  label: LabelPart[];
  kind: ValueKind;
  enumOf?: string;
  mine: unknown;
  /** The server copy's value; absent when the server has no such value (a comment). */
  theirs?: unknown;
  hasTheirs: boolean;
  changedBy: ChangedBy;
  mergeable: boolean;
}

export type FieldChoice = { pick: 'mine' } | { pick: 'theirs' } | { pick: 'merge'; text: string };
export type FieldChoices = Record<string, FieldChoice>;

/** Values equal as a person sees them: key order and absent-vs-undefined do not count. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    return [...keys].every((k) => sameValue(ra[k], rb[k]));
  }
  return false;
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function specFor(mutation: MutationName, key: string): LeafSpec | null {
  if (HIDDEN.has(key)) return null;
  const known = BY_MUTATION[mutation]?.[key] ?? FIELDS[key];
  if (known) return known;
  // A field this table does not know yet (an office mutation's): named by the common
  // field labels if they have it, shown as plain text.
  return { label: { key: `fields.${key}` }, kind: 'text' };
}

/** Which side changed a value, from the officer's starting value when it is known. */
function changedBy(
  start: { known: boolean; value: unknown },
  mine: unknown,
  theirs: unknown,
  contestedKey: boolean,
): ChangedBy {
  if (!start.known) return contestedKey ? 'both' : 'mine';
  const mineMoved = !sameValue(start.value, mine);
  const theirsMoved = !sameValue(start.value, theirs);
  if (mineMoved && theirsMoved) return 'both';
  return theirsMoved ? 'theirs' : 'mine';
}

interface RowContext {
  mutation: MutationName;
  /** Top-level keys the server reported as changed on both sides. */
  contested: ReadonlySet<string>;
  /** The officer's starting values by top-level key (ConflictItem.baseline). */
  baseline: Record<string, unknown> | undefined;
  server: Record<string, unknown> | null;
}

function leafRows(
  ctx: RowContext,
  key: string,
  prefix: string,
  specs: Record<string, LeafSpec>,
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
  start: Record<string, unknown> | null,
  label: LabelPart[],
  hasTheirs: boolean,
): FieldRow[] {
  const names = [...new Set([...Object.keys(specs), ...Object.keys(mine), ...Object.keys(theirs)])];
  const rows: FieldRow[] = [];
  for (const name of names) {
    const spec = specs[name];
    if (!spec || sameValue(mine[name], theirs[name])) continue;
    rows.push({
      path: `${prefix}.${name}`,
      label: [...label, spec.label],
      kind: spec.kind,
      mine: mine[name],
      ...(hasTheirs ? { theirs: theirs[name] } : {}),
      hasTheirs,
      changedBy: hasTheirs
        ? changedBy(
            { known: start !== null, value: start?.[name] },
            mine[name],
            theirs[name],
            ctx.contested.has(key),
          )
        : 'mine',
      mergeable: Boolean(spec.mergeable) && hasTheirs,
    });
  }
  return rows;
}

function rowsFor(ctx: RowContext, key: string, mineValue: unknown): FieldRow[] {
  const hasTheirs = ctx.server !== null && key in ctx.server;
  const theirsValue = hasTheirs ? ctx.server![key] : undefined;
  const startKnown = ctx.baseline !== undefined && key in ctx.baseline;
  const start = startKnown ? ctx.baseline![key] : undefined;
  if (key === 'employer' && typeof mineValue === 'object') {
    return leafRows(
      ctx,
      key,
      'employer',
      EMPLOYER,
      asRecord(mineValue),
      asRecord(theirsValue),
      startKnown ? asRecord(start) : null,
      [{ key: 'fields.employer' }],
      hasTheirs,
    );
  }
  if (key === 'claimants' && Array.isArray(mineValue)) {
    const mine = asList(mineValue);
    const theirs = asList(theirsValue);
    const started = startKnown ? asList(start) : null;
    const rows: FieldRow[] = [];
    for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
      const label = [{ key: 'newCase.claimantN', params: { n: i + 1 } }];
      if (i < mine.length && i < theirs.length) {
        rows.push(
          ...leafRows(
            ctx,
            key,
            `claimants.${i}`,
            CLAIMANT,
            asRecord(mine[i]),
            asRecord(theirs[i]),
            started ? asRecord(started[i]) : null,
            label,
            hasTheirs,
          ),
        );
        continue;
      }
      // A claimant only one side has: added or removed as a whole.
      const m = i < mine.length ? mine[i] : undefined;
      const th = i < theirs.length ? theirs[i] : undefined;
      rows.push({
        path: `claimants.${i}`,
        label,
        kind: 'claimant',
        mine: m,
        ...(hasTheirs ? { theirs: th } : {}),
        hasTheirs,
        changedBy: hasTheirs
          ? changedBy(
              { known: started !== null, value: started?.[i] },
              m,
              th,
              ctx.contested.has(key),
            )
          : 'mine',
        mergeable: false,
      });
    }
    return rows;
  }
  const spec = specFor(ctx.mutation, key);
  if (!spec) return [];
  if (hasTheirs && sameValue(mineValue, theirsValue)) return [];
  return [
    {
      path: key,
      label: [spec.label],
      kind: spec.kind,
      ...(spec.enumOf ? { enumOf: spec.enumOf } : {}),
      mine: mineValue,
      ...(hasTheirs ? { theirs: theirsValue } : {}),
      hasTheirs,
      changedBy: hasTheirs
        ? changedBy(
            { known: startKnown, value: start },
            mineValue,
            theirsValue,
            ctx.contested.has(key),
          )
        : 'mine',
      mergeable: Boolean(spec.mergeable) && hasTheirs,
    },
  ];
}

/**
 * The rows of one inbox item against a server copy (the case as the server has it now, or
 * the one stored with the item). A conflict compares every value the edit set, since the
 * server applied none of them; a refusal shows what was sent, beside the server's value
 * where the case has one.
 */
export function conflictRows(
  item: Pick<ConflictItem, 'kind' | 'mutation' | 'mine' | 'fields' | 'baseline'>,
  server: Case | null,
): FieldRow[] {
  const name = item.mutation.name;
  const ctx: RowContext = {
    mutation: name,
    contested: new Set(item.kind === 'conflict' ? item.fields : []),
    baseline: item.baseline,
    // A new case, a mediation, a photo: the server copy of the case has nothing to set
    // beside them, so every value shown is the officer's.
    server: ON_CASE_FIELDS.has(name) ? (server as Record<string, unknown> | null) : null,
  };
  return Object.entries(item.mine).flatMap(([key, value]) =>
    value === undefined && !ctx.server ? [] : rowsFor(ctx, key, value),
  );
}

/** Whether an item is resolved field by field (a case edit the server met with its own). */
export function choosesPerField(item: Pick<ConflictItem, 'kind' | 'mutation'>): boolean {
  return item.kind === 'conflict' && item.mutation.name === 'case.update';
}

/**
 * The choice a row starts with: the side that changed it, when only one did. A value both
 * sides changed waits for the officer (`null`).
 */
export function defaultChoice(row: FieldRow): FieldChoice | null {
  if (row.changedBy === 'both') return null;
  return { pick: row.changedBy };
}

/** A merge starts from both texts, the server's first, so nothing of either is lost. */
export function mergeStart(row: FieldRow): string {
  const theirs = typeof row.theirs === 'string' ? row.theirs : '';
  const mine = typeof row.mine === 'string' ? row.mine : '';
  if (!theirs || theirs.includes(mine)) return theirs || mine;
  if (!mine || mine.includes(theirs)) return mine;
  return `${theirs}${row.kind === 'longText' ? '\n' : ' '}${mine}`;
}

function chosen(row: FieldRow, choice: FieldChoice | undefined): unknown {
  // Unchosen values the server also changed stay as the server has them: nothing of
  // someone else's is overwritten without the officer saying so.
  const c = choice ?? defaultChoice(row) ?? { pick: 'theirs' };
  if (c.pick === 'theirs') return row.theirs;
  if (c.pick === 'mine') return row.mine;
  if (!row.mergeable) throw new Error(`not a text to merge: ${row.path}`);
  const text = c.text.trim();
  return text === '' ? undefined : text;
}

function setOrDelete(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/**
 * The `case.update` patch the officer's choices make, on top of `server`: each top-level
 * field the edit touched, built from the server's value with the chosen values put in, and
 * left out when it ends up as the server has it. Empty: nothing to send.
 */
export function resolvedPatch(
  item: Pick<ConflictItem, 'kind' | 'mutation' | 'mine' | 'fields' | 'baseline'>,
  server: Case,
  choices: FieldChoices,
): Record<string, unknown> {
  const rows = conflictRows(item, server);
  const current = server as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(item.mine)) {
    const mineRows = rows.filter((r) => r.path === key || r.path.startsWith(`${key}.`));
    let value: unknown;
    if (key === 'employer') {
      const employer = { ...asRecord(current.employer) };
      for (const r of mineRows) {
        setOrDelete(employer, r.path.slice('employer.'.length), chosen(r, choices[r.path]));
      }
      value = employer;
    } else if (key === 'claimants') {
      const list: unknown[] = asList(current.claimants).map((c) => ({ ...asRecord(c) }));
      const drop = new Set<number>();
      for (const r of mineRows) {
        const [, index, leaf] = r.path.split('.');
        const i = Number(index);
        const v = chosen(r, choices[r.path]);
        if (leaf !== undefined) setOrDelete(list[i] as Record<string, unknown>, leaf, v);
        else if (v === undefined) drop.add(i);
        else list[i] = v;
      }
      value = list.filter((c, i) => c !== undefined && !drop.has(i));
    } else {
      const r = mineRows[0];
      value = r ? chosen(r, choices[r.path]) : current[key];
    }
    if (value !== undefined && !sameValue(value, current[key])) patch[key] = value;
  }
  return patch;
}

/** The label of a field path as the server names it in a refusal (`patch.claimants.0.mobile`). */
export function labelOfPath(path: string): LabelPart[] | null {
  const parts = path.replace(/^(args\.)?patch\./, '').split('.');
  const [head, second, third] = parts;
  if (head === 'employer' && second && EMPLOYER[second]) {
    return [{ key: 'fields.employer' }, EMPLOYER[second].label];
  }
  if (head === 'claimants' && second !== undefined && /^\d+$/.test(second)) {
    const claimant = { key: 'newCase.claimantN', params: { n: Number(second) + 1 } };
    const leaf = third ? CLAIMANT[third] : undefined;
    return leaf ? [claimant, leaf.label] : [claimant];
  }
  const spec = head ? FIELDS[head] : undefined;
  return spec ? [spec.label] : null;
}

/** Every catalogue key the rows may name, so a test can hold the catalogues to them. */
export function labelKeys(): string[] {
  const specs = [
    ...Object.values(FIELDS),
    ...Object.values(EMPLOYER),
    ...Object.values(CLAIMANT),
    ...Object.values(BY_MUTATION).flatMap((m) => Object.values(m ?? {})),
  ];
  return [...new Set(['fields.employer', 'newCase.claimantN', ...specs.map((s) => s.label.key)])];
}

/** Split of two texts into the part they share at each end and the part that differs. */
export function changedPart(
  text: string,
  other: string,
): { before: string; changed: string; after: string } {
  const a = Array.from(text);
  const b = Array.from(other);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  return {
    before: a.slice(0, start).join(''),
    changed: a.slice(start, a.length - end).join(''),
    after: a.slice(a.length - end).join(''),
  };
}

/**
 * Who last changed the server copy an item is compared with, and when, from the case's
 * events this device has pulled: for a conflict, the latest event that touched a value both
 * sides changed; otherwise the latest event. The item's own mutation is never the answer.
 */
export function serverChangeOf(
  item: Pick<ConflictItem, 'id' | 'kind' | 'fields'>,
  events: ReadonlyArray<Pick<CaseEvent, 'at' | 'actorName' | 'mutationId' | 'changes'>>,
): { name: string; at: string } | null {
  const touched = new Set(item.kind === 'conflict' ? item.fields : []);
  let best: { name: string; at: string } | null = null;
  for (const e of events) {
    if (e.mutationId === item.id) continue;
    if (touched.size > 0 && !e.changes.some((c) => touched.has(c.field))) continue;
    if (!best || e.at > best.at) best = { name: e.actorName, at: e.at };
  }
  return best;
}
