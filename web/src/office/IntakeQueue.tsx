import type { IntakeAnswer, UsersAnswer } from '@anxin/shared';
import {
  CASE_SOURCE_LABELS,
  CASE_SOURCES,
  DUPLICATE_REASON_LABELS,
  formatFen,
  joinClauses,
  joinList,
  STATUS_LABELS,
  totalOwedFen,
  type User,
} from '@anxin/shared';
import { type KeyboardEvent, type Ref, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { errorText } from '../app/errors';
import { useOfficeActions } from '../app/office-actions';
import { useServerRead } from '../app/server-reads';
import { useWorkspace } from '../app/services';
import { useWriteNotice } from '../app/write-notice';
import { ProjectLine } from '../components/ProjectLine';
import { StageBadge } from '../components/StageBadge';
import { useLang } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { activeUnitIds, townName } from '../i18n/towns';

function OfficerSelect(props: {
  townId: string;
  officers: User[];
  value: string;
  onChange: (v: string) => void;
  label: string;
  disabled?: boolean;
}) {
  const { t } = useWorkspaceTexts('office');
  const inTown = props.officers.filter((o) => o.townIds.includes(props.townId));
  return (
    <select
      disabled={props.disabled}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">{t('intake.unitOnly')}</option>
      {inTown.map((o) => (
        <option key={o.id} value={o.id}>
          {o.displayName}
        </option>
      ))}
    </select>
  );
}

function TownSelect(props: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  disabled?: boolean;
  ref?: Ref<HTMLSelectElement>;
}) {
  const lang = useLang();
  return (
    <select
      ref={props.ref}
      disabled={props.disabled}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      {/* A complaint whose worker did not know the unit waits in a holding unit that takes
          no cases: it shows as such, and the office must pick a real one. */}
      {!activeUnitIds().includes(props.value) && (
        <option value={props.value} disabled>
          {townName(props.value, lang)}
        </option>
      )}
      {activeUnitIds().map((id) => (
        <option key={id} value={id}>
          {townName(id, lang)}
        </option>
      ))}
    </select>
  );
}

/** The header checkbox: checked when every visible row is, mixed when some are. */
function SelectAll(props: {
  total: number;
  chosen: number;
  onChange: (all: boolean) => void;
  label: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const mixed = props.chosen > 0 && props.chosen < props.total;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={props.label}
      disabled={props.total === 0}
      checked={props.total > 0 && props.chosen === props.total}
      onChange={() => props.onChange(props.chosen < props.total)}
    />
  );
}

/** The row checkboxes of a table body, in order: what the arrow keys move between. */
function rowChecks(from: Element): HTMLInputElement[] {
  const body = from.closest('tbody');
  return body ? [...body.querySelectorAll<HTMLInputElement>('input[data-row-check]')] : [];
}

/**
 * Unassigned complaints, oldest first (the 1-3-7 clock runs from receipt): assign one to a
 * town and officer in one action, or several at once; possible duplicates are shown under
 * each with link / merge.
 */
export function IntakeQueue() {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const ws = useWorkspace();
  const office = useOfficeActions();
  const notice = useWriteNotice();
  const [townFilter, setTownFilter] = useState('');
  const [source, setSource] = useState('');
  const query = new URLSearchParams();
  if (townFilter) query.set('townId', townFilter);
  if (source) query.set('source', source);
  const intake = useServerRead<IntakeAnswer>(`/api/office/intake?${query.toString()}`);
  const officers = useServerRead<UsersAnswer>('/api/users?role=officer');
  const [choice, setChoice] = useState<Record<string, { townId: string; officerId: string }>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState({ townId: 'choucheng', officerId: '' });
  const officerList = officers.data?.users ?? [];
  const items = intake.data?.items ?? [];
  // Only rows on screen count as chosen: a filter change hides, never assigns, the others.
  const chosen = items.map((i) => i.case.id).filter((id) => selected.has(id));
  const bulkUnit = useRef<HTMLSelectElement>(null);
  const [keyHint, setKeyHint] = useState<string | null>(null);

  const setAll = (all: boolean) => {
    setSelected(all ? new Set(items.map((i) => i.case.id)) : new Set());
    setKeyHint(null);
  };

  /** The assign shortcut: to the bulk bar's unit with the selection, or says to select first. */
  const openBulk = () => {
    if (chosen.length === 0) {
      setKeyHint(t('intake.selectFirst'));
      return;
    }
    setKeyHint(null);
    bulkUnit.current?.focus();
  };

  const onSectionKey = (e: KeyboardEvent) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyA') {
      e.preventDefault();
      openBulk();
    }
  };

  // Arrows, Home and End move between the rows' checkboxes (space toggles the focused one,
  // as on any checkbox); "A" there opens assign too. Selects keep their own arrow keys.
  const onRowKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const el = e.target as HTMLElement;
    if (!(el instanceof HTMLInputElement) || !el.hasAttribute('data-row-check')) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const checks = rowChecks(el);
    const at = checks.indexOf(el);
    const go = (i: number) => {
      e.preventDefault();
      checks[Math.max(0, Math.min(checks.length - 1, i))]?.focus();
    };
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(checks.length - 1);
    else if (e.key === 'a' || e.key === 'A') {
      e.preventDefault();
      openBulk();
    }
  };
  const choiceOf = useMemo(
    () => (id: string, townId: string) => choice[id] ?? { townId, officerId: '' },
    [choice],
  );

  const assign = (targets: Array<{ id: string; townId: string; officerId: string }>) =>
    notice.send(async () => {
      const failed: string[] = [];
      for (const a of targets) {
        try {
          await ws.actions.assignCase({
            id: a.id,
            townId: a.townId,
            assignedOfficerId: a.officerId === '' ? null : a.officerId,
          });
        } catch (err) {
          failed.push(errorText(err, lang));
        }
      }
      setSelected(new Set());
      return failed.length === 0
        ? t('intake.assigned', { count: targets.length })
        : t('intake.notAssigned', { count: failed.length }) + joinClauses(failed, lang);
    }, intake.reload);

  const act = async (fn: () => Promise<void>, done: string) => {
    await notice.send(async () => {
      await fn();
      return done;
    }, intake.reload);
  };

  return (
    <section aria-labelledby="intake-title" className="office-intake" onKeyDown={onSectionKey}>
      <h2 id="intake-title">
        {t('intake.title')} ({items.length})
      </h2>
      <div className="office-toolbar">
        <label>
          {t('intake.town')}
          <select value={townFilter} onChange={(e) => setTownFilter(e.target.value)}>
            <option value="">{t('intake.all')}</option>
            {activeUnitIds().map((id) => (
              <option key={id} value={id}>
                {townName(id, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('intake.source')}
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">{t('intake.all')}</option>
            {CASE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {CASE_SOURCE_LABELS[s][lang]}
              </option>
            ))}
          </select>
        </label>
        <Link href="/cases/new" className="btn">
          {t('intake.newComplaint')}
        </Link>
        <button type="button" className="btn" onClick={intake.reload}>
          {t('intake.refresh')}
        </button>
      </div>
      {/* Always there, one line high, so choosing a row never moves the table under the pointer. */}
      <div className="office-toolbar office-bulk" data-testid="bulk-assign">
        <strong aria-live="polite">{t('intake.selected', { count: chosen.length })}</strong>
        {chosen.length === 0 ? (
          <span className="hint">{keyHint ?? t('intake.bulkHint')}</span>
        ) : (
          <>
            <TownSelect
              ref={bulkUnit}
              label={t('intake.bulkUnit')}
              value={bulk.townId}
              onChange={(townId) => setBulk({ townId, officerId: '' })}
            />
            <OfficerSelect
              label={t('intake.bulkOfficer')}
              townId={bulk.townId}
              officers={officerList}
              value={bulk.officerId}
              onChange={(officerId) => setBulk({ ...bulk, officerId })}
            />
            <button
              type="button"
              className="btn primary"
              onClick={() => void assign(chosen.map((id) => ({ id, ...bulk })))}
            >
              {t('intake.assignSelected')}
            </button>
          </>
        )}
      </div>
      <p className="hint office-keys" id="intake-keys">
        {t('intake.keysHint')}
      </p>
      {notice.element}
      {intake.error && <p className="warn">{intake.error}</p>}
      {intake.loading && !intake.data && <p role="status">{t('intake.loading')}</p>}
      {items.length === 0 && intake.data && <p>{t('intake.empty')}</p>}
      <table className="office-table" data-testid="intake-table" aria-describedby="intake-keys">
        <thead>
          <tr>
            <th>
              <SelectAll
                label={t('intake.selectAll')}
                total={items.length}
                chosen={chosen.length}
                onChange={setAll}
              />
            </th>
            <th>{t('intake.case')}</th>
            <th>{t('intake.employerClaimants')}</th>
            <th className="num">{t('intake.owed')}</th>
            <th>1-3-7</th>
            <th>{t('intake.assign')}</th>
          </tr>
        </thead>
        <tbody onKeyDown={onRowKey}>
          {items.map(({ case: c, clock137, duplicates, linkedIds }) => {
            const ch = choiceOf(c.id, c.townId);
            return (
              <tr key={c.id} data-testid="intake-row">
                <td>
                  <input
                    type="checkbox"
                    data-row-check=""
                    aria-keyshortcuts="Alt+A"
                    aria-label={t('intake.selectCase', { caseNo: c.caseNo ?? c.id })}
                    checked={selected.has(c.id)}
                    onChange={(e) => {
                      const next = new Set(selected);
                      if (e.target.checked) next.add(c.id);
                      else next.delete(c.id);
                      setSelected(next);
                      setKeyHint(null);
                    }}
                  />
                </td>
                <td>
                  <Link href={`/cases/${c.id}`}>{c.caseNo ?? c.id}</Link>
                  <div className="hint">
                    {CASE_SOURCE_LABELS[c.source][lang]} · {formatDateTime(c.receivedAt, lang)}
                  </div>
                </td>
                <td>
                  <div>{c.employer.name}</div>
                  <ProjectLine case={c} className="hint" />
                  <div className="hint">
                    {joinList(
                      c.claimants.map((cl) => cl.name),
                      lang,
                    )}{' '}
                    ·{t('intake.workers', { count: c.workersCount })}
                  </div>
                  {duplicates.length > 0 && (
                    <div className="office-dup" data-testid="duplicate-hints">
                      <strong>{t('intake.duplicates')}</strong>
                      {duplicates.slice(0, 5).map((d) => (
                        <div key={d.id}>
                          {d.caseNo ?? d.id} · {townName(d.townId, lang)} ·{' '}
                          {STATUS_LABELS[d.status][lang]} ·{' '}
                          {joinList(
                            d.reasons.map((r) => DUPLICATE_REASON_LABELS[r][lang]),
                            lang,
                          )}{' '}
                          {linkedIds.includes(d.id) ? (
                            <em>{t('intake.linkedMark')}</em>
                          ) : (
                            <button
                              type="button"
                              className="btn small"
                              onClick={() =>
                                void act(
                                  () => office.linkCases({ id: c.id, otherId: d.id }),
                                  t('intake.linked'),
                                )
                              }
                            >
                              {t('intake.link')}
                            </button>
                          )}{' '}
                          <button
                            type="button"
                            className="btn small"
                            onClick={() =>
                              void act(
                                () => office.mergeCase({ id: c.id, intoId: d.id }),
                                t('intake.merged'),
                              )
                            }
                          >
                            {t('intake.merge')}
                          </button>
                        </div>
                      ))}
                    </div>
                  )}
                </td>
                <td className="num">{formatFen(totalOwedFen(c))}</td>
                <td>
                  <StageBadge
                    clock={clock137}
                    nowMs={Date.parse(intake.data?.serverTime ?? c.receivedAt)}
                  />
                </td>
                <td>
                  <TownSelect
                    label={t('intake.unit')}
                    value={ch.townId}
                    onChange={(townId) =>
                      setChoice({ ...choice, [c.id]: { townId, officerId: '' } })
                    }
                  />
                  <OfficerSelect
                    label={t('intake.officer')}
                    townId={ch.townId}
                    officers={officerList}
                    value={ch.officerId}
                    onChange={(officerId) => setChoice({ ...choice, [c.id]: { ...ch, officerId } })}
                  />
                  <button
                    type="button"
                    className="btn small primary"
                    disabled={!activeUnitIds().includes(ch.townId)}
                    aria-describedby={
                      activeUnitIds().includes(ch.townId) ? undefined : `pick-unit-${c.id}`
                    }
                    onClick={() => void assign([{ id: c.id, ...ch }])}
                  >
                    {t('intake.assign')}
                  </button>
                  {!activeUnitIds().includes(ch.townId) && (
                    <div className="hint" id={`pick-unit-${c.id}`}>
                      {t('intake.pickUnitFirst')}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
