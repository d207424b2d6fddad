import { formatFen, totalOwedFen, yuanTextToFen } from '@anxin/shared';
import { useState } from 'react';
import { errorText } from '../app/errors';
import { useOfficeActions, useSendNow } from '../app/office-actions';
import { fenToYuanText, MoneyField } from '../components/MoneyField';
import type { LocalCase } from '../data/types';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';

/**
 * For the case screen (officer or inspector), shown when a case is in `insurance_advance`:
 * starts the wage-guarantee insurance claim for the amount owed. Works offline like every
 * other write; the office approves it from its workspace.
 */
export function StartInsuranceClaim(props: { c: LocalCase }) {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const office = useOfficeActions();
  const sendNow = useSendNow();
  const [amount, setAmount] = useState(() => fenToYuanText(totalOwedFen(props.c)));
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (props.c.status !== 'insurance_advance') return null;

  const start = async () => {
    const amountFen = yuanTextToFen(amount);
    if (amountFen === null) {
      setMessage(t('startClaim.invalidAmount'));
      return;
    }
    try {
      const input = comment.trim()
        ? { caseId: props.c.id, amountFen, comment: comment.trim() }
        : { caseId: props.c.id, amountFen };
      await office.startInsuranceClaim(input);
      setMessage(t('startClaim.started', { amount: formatFen(amountFen) }));
      sendNow();
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  return (
    <div className="card" data-testid="start-insurance-claim">
      <h3>{t('startClaim.title')}</h3>
      <MoneyField
        id="insurance-claim-amount"
        label={t('startClaim.amount')}
        required
        value={amount}
        onChange={setAmount}
      />
      <label className="field">
        <span>{t('startClaim.note')}</span>
        <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {message && (
        <p role="status" className="hint">
          {message}
        </p>
      )}
      <button type="button" className="btn primary" onClick={() => void start()}>
        {t('startClaim.submit')}
      </button>
    </div>
  );
}
