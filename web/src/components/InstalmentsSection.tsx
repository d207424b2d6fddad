import {
  chinaDate,
  currentAgreement,
  formatFen,
  type InstalmentOutcome,
  instalmentStates,
  yuanTextToFen,
} from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { errorText } from '../app/errors';
import { useServerNow } from '../app/hooks';
import { useDb, useWorkspace } from '../app/services';
import { DataError } from '../data/errors';
import { paymentsOf, recordInstalmentCheck } from '../data/instalments';
import { useLang, useTranslation } from '../i18n';
import { SelectField, TextField } from './Field';
import { fenToYuanText, MoneyField, yuanError } from './MoneyField';

interface Draft {
  dueDate: string;
  dueFen: number;
  outcome: InstalmentOutcome;
  date: string;
  amount: string;
  comment: string;
}

/**
 * The instalments of a case's agreement in force, each with its latest check, and the form
 * to record one as paid or not paid. A missed one of a closed case puts the case back before
 * the office (shared/src/mutators/instalment.ts); the screen says so.
 */
export function InstalmentsSection(props: { caseId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const db = useDb();
  const { user, actions } = useWorkspace();
  const now = useServerNow();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const data = useLiveQuery(async () => {
    const [mediations, payments] = await Promise.all([
      db.mediations.where('caseId').equals(props.caseId).toArray(),
      paymentsOf(db, props.caseId),
    ]);
    return { agreement: currentAgreement(mediations), payments };
  }, [db, props.caseId]);
  const agreement = data?.agreement;
  if (!data || !agreement || agreement.instalments.length === 0) return null;
  const states = instalmentStates(agreement, data.payments);

  const open = (dueDate: string, dueFen: number) => {
    setMessage(null);
    setErrors({});
    setDraft({
      dueDate,
      dueFen,
      outcome: 'paid',
      date: chinaDate(now),
      amount: fenToYuanText(dueFen),
      comment: '',
    });
  };

  const save = async () => {
    if (!draft) return;
    const amountProblem = yuanError(draft.amount, lang);
    const amountFen = yuanTextToFen(draft.amount);
    if (amountProblem || amountFen === null) {
      setErrors({ amountFen: amountProblem ?? t('app.required') });
      return;
    }
    setBusy(true);
    try {
      const wasClosed = (await db.cases.get(props.caseId))?.status === 'closed';
      await recordInstalmentCheck(
        db,
        actions,
        user,
        {
          caseId: props.caseId,
          mediationId: agreement.id,
          dueDate: draft.dueDate,
          outcome: draft.outcome,
          date: draft.date,
          amountFen,
          ...(draft.comment.trim() ? { comment: draft.comment.trim() } : {}),
        },
        now,
      );
      const reopened = wasClosed && (await db.cases.get(props.caseId))?.status !== 'closed';
      setMessage(reopened ? t('instalments.reopened') : t('instalments.saved'));
      setDraft(null);
    } catch (err) {
      if (err instanceof DataError && Object.keys(err.fieldKeys).length > 0) {
        setErrors(err.fieldTexts(lang));
      } else {
        setMessage(errorText(err, lang));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="instalments" aria-labelledby="instalments-title" className="card">
      <h2 id="instalments-title">{t('instalments.title')}</h2>
      {message && (
        <p role="status" className="hint" data-testid="instalment-message">
          {message}
        </p>
      )}
      <ul className="plain-list">
        {states.map((s) => (
          <li key={s.dueDate} className="instalment-row" data-testid="instalment-row">
            <div>
              <strong>
                {t('instalments.due', { date: s.dueDate, amount: formatFen(s.amountFen) })}
              </strong>
              <div className="hint">
                {s.record
                  ? t(s.record.outcome === 'paid' ? 'instalments.paid' : 'instalments.missed', {
                      date: s.record.date,
                      amount: formatFen(s.record.amountFen),
                    })
                  : t('instalments.notChecked')}
                {s.record && 'pending' in s.record && s.record.pending
                  ? ` · ${t('instalments.pending')}`
                  : ''}
              </div>
            </div>
            <button
              type="button"
              className="btn"
              onClick={() => open(s.dueDate, s.amountFen)}
              aria-label={t('instalments.recordTitle', { date: s.dueDate })}
            >
              {t('instalments.record')}
            </button>
          </li>
        ))}
      </ul>
      {draft && (
        <form
          className="instalment-form"
          aria-label={t('instalments.recordTitle', { date: draft.dueDate })}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3>{t('instalments.recordTitle', { date: draft.dueDate })}</h3>
          <SelectField
            id="instalment-outcome"
            label={t('instalments.outcome')}
            value={draft.outcome}
            onChange={(outcome) =>
              setDraft({
                ...draft,
                outcome,
                amount: outcome === 'paid' ? fenToYuanText(draft.dueFen) : '0',
              })
            }
            options={[
              { value: 'paid', label: t('instalments.outcomePaid') },
              { value: 'missed', label: t('instalments.outcomeMissed') },
            ]}
          />
          <TextField
            id="instalment-date"
            type="date"
            required
            label={t('instalments.date')}
            value={draft.date}
            onChange={(date) => setDraft({ ...draft, date })}
            error={errors.date}
          />
          <MoneyField
            id="instalment-amount"
            required
            label={t('instalments.amount')}
            value={draft.amount}
            onChange={(amount) => setDraft({ ...draft, amount })}
            error={errors.amountFen}
          />
          <TextField
            id="instalment-comment"
            label={t('instalments.comment')}
            value={draft.comment}
            maxLength={500}
            onChange={(comment) => setDraft({ ...draft, comment })}
          />
          <div className="row-actions">
            <button type="submit" className="btn primary" disabled={busy}>
              {t('instalments.save')}
            </button>
            <button type="button" className="btn" onClick={() => setDraft(null)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
