import { formatFen, totalOwedFen, yuanTextToFen } from '@anxin/shared';
import { useState } from 'react';
import type { LocalCase } from '../data/types';
import { useLang } from '../i18n';
import { errorText, useOfficeActions, useSendNow, useTx } from './common';

/**
 * For the case screen (officer or inspector), shown when a case is in `insurance_advance`:
 * starts the wage-guarantee insurance claim for the amount owed. Works offline like every
 * other write; the office approves it from its workspace.
 */
export function StartInsuranceClaim(props: { c: LocalCase }) {
  const tx = useTx();
  const lang = useLang();
  const office = useOfficeActions();
  const sendNow = useSendNow();
  const [amount, setAmount] = useState(() => (totalOwedFen(props.c) / 100).toFixed(2));
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (props.c.status !== 'insurance_advance') return null;

  const start = async () => {
    const amountFen = yuanTextToFen(amount);
    if (amountFen === null) {
      setMessage(tx('金额格式不正确', 'Invalid amount'));
      return;
    }
    try {
      const input = comment.trim()
        ? { caseId: props.c.id, amountFen, comment: comment.trim() }
        : { caseId: props.c.id, amountFen };
      await office.startInsuranceClaim(input);
      setMessage(
        tx(
          `已申请垫付 ${formatFen(amountFen)}，联网后自动提交`,
          `Claim for ${formatFen(amountFen)} saved; it is sent when online`,
        ),
      );
      sendNow();
    } catch (err) {
      setMessage(errorText(err, lang));
    }
  };

  return (
    <div className="card" data-testid="start-insurance-claim">
      <h3>{tx('申请工资保障险先行垫付', 'Start an insurance advance claim')}</h3>
      <label className="field">
        <span>{tx('垫付金额（元）', 'Amount (yuan)')}</span>
        <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>
      <label className="field">
        <span>{tx('说明（选填）', 'Note (optional)')}</span>
        <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {message && (
        <p role="status" className="hint">
          {message}
        </p>
      )}
      <button type="button" className="btn primary" onClick={() => void start()}>
        {tx('提交申请', 'Start claim')}
      </button>
    </div>
  );
}
