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
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { errorText } from '../app/errors';
import { useOfficeActions, useSendNow } from '../app/office-actions';
import { useServerRead } from '../app/server-reads';
import { useWorkspace } from '../app/services';
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
}) {
  const { t } = useWorkspaceTexts('office');
  const inTown = props.officers.filter((o) => o.townIds.includes(props.townId));
  return (
    <select
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

function TownSelect(props: { value: string; onChange: (v: string) => void; label: string }) {
  const lang = useLang();
  return (
    <select
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      {activeUnitIds().map((id) => (
        <option key={id} value={id}>
          {townName(id, lang)}
        </option>
      ))}
    </select>
  );
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
  const sendNow = useSendNow();
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
  const [message, setMessage] = useState<string | null>(null);
  const officerList = officers.data?.users ?? [];
  const items = intake.data?.items ?? [];
  const choiceOf = useMemo(
    () => (id: string, townId: string) => choice[id] ?? { townId, officerId: '' },
    [choice],
  );

  const assign = async (targets: Array<{ id: string; townId: string; officerId: string }>) => {
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
    setMessage(
      failed.length === 0
        ? t('intake.assigned', { count: targets.length })
        : t('intake.notAssigned', { count: failed.length }) + joinClauses(failed, lang),
    );
    sendNow(intake.reload);
  };

  const act = async (fn: () => Promise<void>, done: string) => {
    try {
      await fn();
      setMessage(done);
      sendNow(intake.reload);
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  return (
    <section aria-labelledby="intake-title">
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
      {selected.size > 0 && (
        <div className="office-toolbar" data-testid="bulk-assign">
          <strong>{t('intake.selected', { count: selected.size })}</strong>
          <TownSelect
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
            onClick={() => void assign([...selected].map((id) => ({ id, ...bulk })))}
          >
            {t('intake.assignSelected')}
          </button>
        </div>
      )}
      {message && (
        <p role="status" className="hint">
          {message}
        </p>
      )}
      {intake.error && <p className="warn">{intake.error}</p>}
      {intake.loading && !intake.data && <p role="status">{t('intake.loading')}</p>}
      {items.length === 0 && intake.data && <p>{t('intake.empty')}</p>}
      <table className="office-table">
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">{t('intake.select')}</span>
            </th>
            <th>{t('intake.case')}</th>
            <th>{t('intake.employerClaimants')}</th>
            <th className="num">{t('intake.owed')}</th>
            <th>1-3-7</th>
            <th>{t('intake.assign')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ case: c, clock137, duplicates, linkedIds }) => {
            const ch = choiceOf(c.id, c.townId);
            return (
              <tr key={c.id} data-testid="intake-row">
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('intake.selectCase', { caseNo: c.caseNo ?? c.id })}
                    checked={selected.has(c.id)}
                    onChange={(e) => {
                      const next = new Set(selected);
                      if (e.target.checked) next.add(c.id);
                      else next.delete(c.id);
                      setSelected(next);
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
                    onClick={() => void assign([{ id: c.id, ...ch }])}
                  >
                    {t('intake.assign')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
