import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../i18n/messages';
import { CASE_OUTCOMES, CASE_STATUSES, type CaseStatus } from '../schemas/case';
import { ROLES, type Role } from '../schemas/user';
import {
  allowedTransitions,
  checkTransition,
  findTransition,
  OPEN_STATUSES,
  STATUS_LABELS,
  STATUS_TRANSITIONS,
  type TransitionCheckArgs,
  type TransitionRule,
  timestampsClearedByMove,
  timestampsForMove,
} from './status-machine';

const VIAS = [
  'case.transition',
  'case.assign',
  'case.review',
  'case.merge',
  'instalment.record',
] as const;

/** Everything any move can need, so only the table and the role can refuse. */
function fullArgs(to: CaseStatus): TransitionCheckArgs {
  return {
    to,
    outcome: 'paid_in_full',
    recoveredFen: 500_000,
    comment: '已核实',
    transferTarget: 'arbitration',
  };
}

const argsArb = (to: CaseStatus) =>
  fc
    .record(
      {
        outcome: fc.constantFrom(...CASE_OUTCOMES),
        recoveredFen: fc.integer({ min: 0, max: 10_000_000_000 }),
        comment: fc.string({ maxLength: 30 }),
        transferTarget: fc.constantFrom('arbitration' as const, 'enforcement' as const),
      },
      { requiredKeys: [] },
    )
    .map((a): TransitionCheckArgs => ({ ...a, to }));

describe('the status table', () => {
  it('is the agreed table: from, to, roles, requirements and mutation of every move', () => {
    const rows = STATUS_TRANSITIONS.map(
      (r) =>
        `${r.from}>${r.to} ${[...r.roles].sort().join(',')} [${r.requires.join(',')}] ${r.via}`,
    ).sort();
    expect(rows).toEqual(
      [
        'received>assigned admin,office [] case.assign',
        'assigned>in_progress inspector,officer [] case.transition',
        'received>in_progress inspector,officer [] case.transition',
        'in_progress>mediating inspector,officer [] case.transition',
        'mediating>in_progress inspector,officer [] case.transition',
        'in_progress>resolved inspector,officer [outcome,recoveredFen] case.transition',
        'mediating>resolved inspector,officer [outcome,recoveredFen] case.transition',
        'returned>resolved inspector,officer [outcome,recoveredFen] case.transition',
        'resolved>closed admin,office [] case.review',
        'resolved>returned admin,office [comment] case.review',
        'returned>in_progress inspector,officer [] case.transition',
        'in_progress>transferred inspector,officer [transferTarget,comment] case.transition',
        'mediating>transferred inspector,officer [transferTarget,comment] case.transition',
        'in_progress>insurance_advance inspector,officer [comment] case.transition',
        'mediating>insurance_advance inspector,officer [comment] case.transition',
        'insurance_advance>resolved inspector,office,officer [outcome,recoveredFen] case.transition',
        'transferred>closed admin,office [] case.review',
        'received>closed admin,office [] case.merge',
        'closed>resolved inspector,office,officer [] instalment.record',
        'closed>resolved admin,office [] case.review',
      ].sort(),
    );
  });

  it('has one row per (from, to, mutation), no moves onto the same status, and labels in both languages', () => {
    const keys = STATUS_TRANSITIONS.map((r) => `${r.from}>${r.to} ${r.via}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Only reopening a closed case has two rules (a missed instalment, an undone approval).
    const pairs = STATUS_TRANSITIONS.map((r) => `${r.from}>${r.to}`);
    expect(pairs.filter((k, i) => pairs.indexOf(k) !== i)).toEqual(['closed>resolved']);
    for (const r of STATUS_TRANSITIONS) {
      expect(r.from).not.toBe(r.to);
      expect(r.roles.length).toBeGreaterThan(0);
      expect(r.label.zh).toMatch(/\p{Script=Han}/u);
      expect(r.label.en.length).toBeGreaterThan(0);
    }
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(STATUS_LABELS.resolved.zh).toBe('已化解');
    expect(STATUS_LABELS.insurance_advance.zh).toBe('保险垫付');
  });

  it('reaches every status from received, and every case can still reach closed', () => {
    const reach = (start: CaseStatus, next: (s: CaseStatus) => CaseStatus[]) => {
      const seen = new Set<CaseStatus>([start]);
      const queue = [start];
      while (queue.length > 0) {
        for (const n of next(queue.shift()!)) {
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      return seen;
    };
    const forward = (s: CaseStatus) =>
      STATUS_TRANSITIONS.filter((r) => r.from === s).map((r) => r.to);
    const backward = (s: CaseStatus) =>
      STATUS_TRANSITIONS.filter((r) => r.to === s).map((r) => r.from);
    expect([...reach('received', forward)].sort()).toEqual([...CASE_STATUSES].sort());
    expect([...reach('closed', backward)].sort()).toEqual([...CASE_STATUSES].sort());
    // closed is the only end: nothing leaves it but a missed instalment or an undone approval,
    // each putting the case back before the office; every open status has a way out.
    expect(
      STATUS_TRANSITIONS.filter((r) => r.from === 'closed').map((r) => `${r.to} ${r.via}`),
    ).toEqual(['resolved instalment.record', 'resolved case.review']);
    for (const s of OPEN_STATUSES) expect(forward(s).length).toBeGreaterThan(0);
    expect(OPEN_STATUSES).toEqual(CASE_STATUSES.filter((s) => s !== 'closed'));
  });
});

describe('checkTransition', () => {
  it('refuses every move not in the table, for every role, whatever is supplied', () => {
    const missing: Array<[CaseStatus, CaseStatus]> = [];
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        if (!findTransition(from, to)) missing.push([from, to]);
      }
    }
    const pairs = new Set(STATUS_TRANSITIONS.map((r) => `${r.from}>${r.to}`));
    expect(missing.length).toBe(CASE_STATUSES.length ** 2 - pairs.size);
    fc.assert(
      fc.property(
        fc
          .constantFrom(...missing)
          .chain(([from, to]) =>
            fc.tuple(
              fc.constant(from),
              argsArb(to),
              fc.constantFrom(...ROLES),
              fc.constantFrom(undefined, ...VIAS),
            ),
          ),
        ([from, args, role, via]) => {
          expect(checkTransition(role, from, args, via)).toEqual({
            ok: false,
            code: 'transition.notAllowed',
          });
          expect(allowedTransitions(role, from).map((r) => r.to)).not.toContain(args.to);
        },
      ),
      { numRuns: 2000 },
    );
    // And exhaustively, with everything supplied.
    for (const [from, to] of missing) {
      for (const role of ROLES) {
        expect(checkTransition(role, from, fullArgs(to)).ok).toBe(false);
      }
    }
  });

  it('refuses every move in the table for the roles it does not list', () => {
    let checked = 0;
    for (const rule of STATUS_TRANSITIONS) {
      for (const role of ROLES.filter((r) => !rule.roles.includes(r))) {
        expect(checkTransition(role, rule.from, fullArgs(rule.to), rule.via)).toEqual({
          ok: false,
          code: 'transition.roleNotAllowed',
        });
        expect(checkTransition(role, rule.from, fullArgs(rule.to), rule.via).ok).toBe(false);
        expect(allowedTransitions(role, rule.from)).not.toContain(rule);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('allows every move in the table to its roles once what it requires is given', () => {
    for (const rule of STATUS_TRANSITIONS) {
      for (const role of rule.roles) {
        expect(checkTransition(role, rule.from, fullArgs(rule.to), rule.via)).toEqual({
          ok: true,
          rule,
        });
        expect(allowedTransitions(role, rule.from, rule.via)).toContain(rule);
      }
    }
  });

  it('names exactly the missing requirements, with message keys in the catalogue', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...STATUS_TRANSITIONS)
          .chain((rule) =>
            fc.tuple(fc.constant(rule), fc.constantFrom(...rule.roles), argsArb(rule.to)),
          ),
        ([rule, role, args]) => {
          const result = checkTransition(role, rule.from, args, rule.via);
          const absent = rule.requires.filter((q) =>
            q === 'comment' ? (args.comment ?? '').trim() === '' : args[q] === undefined,
          );
          if (absent.length === 0) {
            expect(result).toEqual({ ok: true, rule });
            return;
          }
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.code).toBe('transition.missing');
          expect(Object.keys(result.fields ?? {}).sort()).toEqual([...absent].sort());
          for (const key of Object.values(result.fields ?? {})) expect(MESSAGES[key]).toBeDefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes 0 fen recovered as an answer but a blank comment as missing', () => {
    expect(
      checkTransition('officer', 'in_progress', {
        to: 'resolved',
        outcome: 'no_violation',
        recoveredFen: 0,
      }).ok,
    ).toBe(true);
    expect(
      checkTransition('office', 'resolved', { to: 'returned', comment: '   ' }, 'case.review'),
    ).toEqual({
      ok: false,
      code: 'transition.missing',
      fields: { comment: 'transition.requires.comment' },
    });
    expect(checkTransition('officer', 'in_progress', { to: 'transferred' })).toEqual({
      ok: false,
      code: 'transition.missing',
      fields: {
        transferTarget: 'transition.requires.transferTarget',
        comment: 'transition.requires.comment',
      },
    });
  });

  it('refuses a move made through the wrong mutation', () => {
    // Closing is a review decision, even for the office: case.transition cannot close.
    expect(checkTransition('office', 'resolved', fullArgs('closed'), 'case.transition')).toEqual({
      ok: false,
      code: 'transition.notAllowed',
    });
    expect(checkTransition('office', 'received', fullArgs('assigned'), 'case.transition').ok).toBe(
      false,
    );
    expect(checkTransition('office', 'received', fullArgs('assigned'), 'case.assign').ok).toBe(
      true,
    );
    expect(allowedTransitions('office', 'resolved', 'case.transition')).toEqual([]);
    // A merged duplicate is closed by case.merge only: neither a review nor a plain move
    // can close a case nobody has worked on.
    for (const via of ['case.transition', 'case.review', 'case.assign'] as const) {
      expect(checkTransition('office', 'received', fullArgs('closed'), via).ok).toBe(false);
    }
    expect(checkTransition('office', 'received', { to: 'closed' }, 'case.merge').ok).toBe(true);
    expect(checkTransition('officer', 'received', { to: 'closed' }, 'case.merge')).toEqual({
      ok: false,
      code: 'transition.roleNotAllowed',
    });
    expect(
      allowedTransitions('office', 'resolved', 'case.review')
        .map((r) => r.to)
        .sort(),
    ).toEqual(['closed', 'returned']);
  });

  it('lets inspectors make every officer move', () => {
    for (const rule of STATUS_TRANSITIONS) {
      if (rule.roles.includes('officer')) expect(rule.roles).toContain('inspector');
    }
    const officerMoves = (role: Role, from: CaseStatus) =>
      allowedTransitions(role, from).map((r) => r.to);
    expect(officerMoves('inspector', 'mediating')).toEqual(officerMoves('officer', 'mediating'));
  });
});

describe('timestamps a move stamps', () => {
  const rule = (from: CaseStatus, to: CaseStatus, via?: TransitionRule['via']): TransitionRule => {
    const r = findTransition(from, to, via);
    if (!r) throw new Error(`no rule ${from}>${to}`);
    return r;
  };

  it('stamps firstActionAt on the first field move, resolvedAt and closedAt on arrival', () => {
    expect(timestampsForMove(rule('assigned', 'in_progress'))).toEqual(['firstActionAt']);
    expect(timestampsForMove(rule('received', 'in_progress'))).toEqual(['firstActionAt']);
    expect(timestampsForMove(rule('received', 'assigned'))).toEqual([]);
    expect(timestampsForMove(rule('in_progress', 'mediating'))).toEqual([]);
    expect(timestampsForMove(rule('mediating', 'resolved'))).toEqual(['resolvedAt']);
    expect(timestampsForMove(rule('insurance_advance', 'resolved'))).toEqual(['resolvedAt']);
    expect(timestampsForMove(rule('resolved', 'closed'))).toEqual(['closedAt']);
    expect(timestampsForMove(rule('transferred', 'closed'))).toEqual(['closedAt']);
    // Merging away is not a first action on the duplicate: only closedAt.
    expect(timestampsForMove(rule('received', 'closed'))).toEqual(['closedAt']);
  });

  it('a first-action move happens once: no move re-enters received or assigned after work began', () => {
    const stamping = STATUS_TRANSITIONS.filter((r) =>
      timestampsForMove(r).includes('firstActionAt'),
    );
    expect(stamping.map((r) => r.from).sort()).toEqual(['assigned', 'received']);
    const entering = STATUS_TRANSITIONS.filter((r) => r.to === 'received' || r.to === 'assigned');
    expect(entering.map((r) => `${r.from}>${r.to}`)).toEqual(['received>assigned']);
  });

  it('clears resolvedAt when review returns a case', () => {
    expect(timestampsClearedByMove(rule('resolved', 'returned'))).toEqual(['resolvedAt']);
    expect(timestampsClearedByMove(rule('resolved', 'closed'))).toEqual([]);
  });

  it('an undone approval puts the case back for review as it was resolved; only the desk may', () => {
    const undo = rule('closed', 'resolved', 'case.review');
    expect(timestampsForMove(undo)).toEqual([]);
    expect(timestampsClearedByMove(undo)).toEqual(['closedAt']);
    expect(checkTransition('office', 'closed', { to: 'resolved' }, 'case.review')).toEqual({
      ok: true,
      rule: undo,
    });
    for (const role of ['officer', 'inspector'] as const) {
      expect(checkTransition(role, 'closed', { to: 'resolved' }, 'case.review')).toEqual({
        ok: false,
        code: 'transition.roleNotAllowed',
      });
    }
  });

  it('reopens a closed case for review on a missed instalment, keeping when it was resolved', () => {
    const reopen = rule('closed', 'resolved');
    expect(reopen.via).toBe('instalment.record');
    expect(timestampsForMove(reopen)).toEqual([]);
    expect(timestampsClearedByMove(reopen)).toEqual(['closedAt']);
    expect(checkTransition('officer', 'closed', { to: 'resolved' }, 'instalment.record').ok).toBe(
      true,
    );
    // Only through recording the instalment: a plain move may not reopen a closed case.
    expect(checkTransition('officer', 'closed', { to: 'resolved' }, 'case.transition')).toEqual({
      ok: false,
      code: 'transition.notAllowed',
    });
    expect(checkTransition('admin', 'closed', { to: 'resolved' }).ok).toBe(false);
  });
});
