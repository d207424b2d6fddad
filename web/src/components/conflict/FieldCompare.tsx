import { useId } from 'react';
import { changedPart, type FieldChoice, type FieldRow } from '../../data/conflict-fields';
import { useLang, useTranslation } from '../../i18n';
import { labelText, valueText } from './format';

/** A text with the part that differs from `other` marked, so the eye goes to the change. */
function Marked(props: { text: string; other: string | null }) {
  if (props.other === null || props.other === props.text) return <>{props.text}</>;
  const { before, changed, after } = changedPart(props.text, props.other);
  if (changed === '') return <>{props.text}</>;
  return (
    <>
      {before}
      <mark>{changed}</mark>
      {after}
    </>
  );
}

const BADGE = {
  both: 'conflicts.changedBoth',
  theirs: 'conflicts.changedTheirs',
  mine: 'conflicts.changedMine',
} as const;

/**
 * One value, mine beside the server's, and — when the item is settled value by value — the
 * choice of which to keep, or (text) a merge of both to edit.
 */
export function FieldCompare(props: {
  row: FieldRow;
  /** Whether to offer the choice (a case edit that met someone else's). */
  choose: boolean;
  choice: FieldChoice | null;
  /** The merge text kept while another choice is picked, so switching back loses nothing. */
  mergeText: string;
  onChoice: (choice: FieldChoice) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const { row, choice } = props;
  const label = labelText(row.label, t);
  const mine = valueText(row, row.mine, lang, t);
  const theirs = row.hasTheirs ? valueText(row, row.theirs, lang, t) : null;
  const options: Array<{ pick: FieldChoice['pick']; text: string }> = [
    { pick: 'mine', text: t('conflicts.useMine') },
    { pick: 'theirs', text: t('conflicts.useTheirs') },
    ...(row.mergeable ? [{ pick: 'merge' as const, text: t('conflicts.useMerge') }] : []),
  ];
  const pick = (p: FieldChoice['pick']): FieldChoice =>
    p === 'merge' ? { pick: 'merge', text: props.mergeText } : { pick: p };

  return (
    <div className="cf-row" data-testid="conflict-field" data-path={row.path}>
      <div className="cf-head">
        <strong id={`${id}-label`}>{label}</strong>
        {row.hasTheirs && (
          <span className={`cf-badge cf-badge-${row.changedBy}`}>{t(BADGE[row.changedBy])}</span>
        )}
      </div>
      <div className={theirs === null ? 'cf-sides single' : 'cf-sides'}>
        <div className="cf-side" data-testid="conflict-mine">
          <span className="cf-side-label">{t('conflicts.mine')}</span>
          <p className="cf-value">
            <Marked text={mine} other={theirs} />
          </p>
        </div>
        {theirs !== null && (
          <div className="cf-side" data-testid="conflict-server">
            <span className="cf-side-label">{t('conflicts.server')}</span>
            <p className="cf-value">
              <Marked text={theirs} other={mine} />
            </p>
          </div>
        )}
      </div>
      {props.choose && (
        <fieldset className="cf-choice">
          <legend className="visually-hidden">
            {t('conflicts.chooseLegend', { field: label })}
          </legend>
          {options.map((o) => (
            <label key={o.pick} className={choice?.pick === o.pick ? 'cf-option on' : 'cf-option'}>
              <input
                type="radio"
                name={`${id}-choice`}
                value={o.pick}
                checked={choice?.pick === o.pick}
                onChange={() => props.onChoice(pick(o.pick))}
                data-testid={`conflict-use-${o.pick}`}
              />
              {o.text}
            </label>
          ))}
        </fieldset>
      )}
      {props.choose && choice?.pick === 'merge' && (
        <div className="field cf-merge">
          <label htmlFor={`${id}-merge`}>{t('conflicts.mergeLabel', { field: label })}</label>
          <textarea
            id={`${id}-merge`}
            value={choice.text}
            rows={row.kind === 'longText' ? 5 : 2}
            onChange={(e) => props.onChoice({ pick: 'merge', text: e.target.value })}
            data-testid="conflict-merge-text"
          />
        </div>
      )}
    </div>
  );
}
