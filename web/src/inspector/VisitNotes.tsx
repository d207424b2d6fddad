import { CASE_OUTCOME_LABELS, formatFen, STATUS_LABELS, totalOwedFen } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'wouter';
import { errorText } from '../app/errors';
import { useOfficeActions, useSendNow } from '../app/office-actions';
import { useDb } from '../app/services';
import { useLang } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { townName } from '../i18n/towns';
import { StartInsuranceClaim } from '../office/StartInsuranceClaim';
import { loadEmployerHistory } from './trip-store';

/**
 * One planned case on the road: the essentials, the employer's history and the visit notes
 * (append-only), all from the device, so it works with no network at all.
 */
export function VisitNotes(props: { caseId: string }) {
  const { t } = useWorkspaceTexts('inspector');
  const lang = useLang();
  const db = useDb();
  const office = useOfficeActions();
  const sendNow = useSendNow();
  const c = useLiveQuery(() => db.cases.get(props.caseId), [db, props.caseId]);
  const notes = useLiveQuery(
    async () =>
      (await db.events.where('caseId').equals(props.caseId).sortBy('at')).filter(
        (e) => e.name === 'visit.note',
      ),
    [db, props.caseId],
  );
  const history = useLiveQuery(
    async () => (c?.employer.creditCode ? loadEmployerHistory(db, c.employer.creditCode) : null),
    [db, c?.employer.creditCode],
  );
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  if (c === undefined) {
    return <p>{t('visit.notOnDevice')}</p>;
  }

  const add = async () => {
    try {
      await office.recordVisitNote({ caseId: c.id, text });
      setText('');
      setMessage(t('visit.saved'));
      sendNow();
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  return (
    <section aria-labelledby="visit-title">
      <h2 id="visit-title">
        {c.caseNo ?? c.id} · {c.employer.name}
      </h2>
      <div className="card">
        <p>
          {townName(c.townId, lang)} · {STATUS_LABELS[c.status][lang]} ·
          {t('visit.workers', { count: c.workersCount })} · {formatFen(totalOwedFen(c))}
        </p>
        <p>{c.description}</p>
        <Link href={`/cases/${c.id}`}>{t('visit.openCase')}</Link>
      </div>
      <StartInsuranceClaim c={c} />
      {history && (
        <div className="card" data-testid="employer-history">
          <h3>{t('visit.history', { count: history.cityTotal })}</h3>
          <ul>
            {history.cases.map((h) => (
              <li key={h.id}>
                {formatDate(h.receivedAt, lang)} · {townName(h.townId, lang)} ·{' '}
                {STATUS_LABELS[h.status][lang]}
                {h.outcome ? ` · ${CASE_OUTCOME_LABELS[h.outcome][lang]}` : ''} ·{' '}
                {formatFen(h.owedFen)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <h3>{t('visit.notes')}</h3>
        <ol className="timeline" data-testid="visit-notes">
          {(notes ?? []).map((n) => (
            <li key={n.id}>
              <div className="hint">
                {formatDateTime(n.at, lang)} · {n.actorName}
              </div>
              <div>{n.comment}</div>
            </li>
          ))}
        </ol>
        <label className="field">
          <span>{t('visit.addNote')}</span>
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="save-row">
          <button
            type="button"
            className="btn primary"
            disabled={text.trim() === ''}
            onClick={() => void add()}
          >
            {t('visit.save')}
          </button>
          {/* Beside the button pressed; always there, so a screen reader hears it change. */}
          <p role="status" className="save-note">
            {message}
          </p>
        </div>
      </div>
    </section>
  );
}
