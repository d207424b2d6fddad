import { formatFen, type Lang, t, yuanTextError, yuanTextToFen } from '@anxin/shared';
import { TextField } from './Field';

/**
 * Money as people type it: the form keeps the yuan text ("5,000.5", kept as typed in
 * drafts) and turns it into integer fen only when it is used, with shared/'s one parser.
 */
export function MoneyField(props: {
  id: string;
  label: string;
  /** Yuan as typed. */
  value: string;
  onChange: (yuanText: string) => void;
  error?: string | undefined;
  required?: boolean;
  /** Shows the amount as read ("¥5,000.50"), so a misplaced dot is seen before saving. */
  showAmount?: boolean;
}) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      required={props.required ?? false}
      inputMode="decimal"
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      {...(props.showAmount ? { hint: formatFen(yuanTextToFen(props.value) ?? 0) } : {})}
    />
  );
}

/** Fen as the yuan text a form starts from: "5000", "5000.5" → "5000.50". */
export function fenToYuanText(fen: number): string {
  return fen % 100 === 0
    ? String(fen / 100)
    : `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** The fen a typed amount stands for, 0 while it is not (yet) a number: for running totals. */
export function fenOrZero(yuanText: string): number {
  return yuanTextToFen(yuanText) ?? 0;
}

/**
 * Why a typed amount is not one, in `lang` ("最多两位小数", "不能为负数", "请用数字"), or
 * undefined when it reads as an amount. A blank one is "required": a form whose amount may
 * be left out checks for blank before asking.
 */
export function yuanError(yuanText: string, lang: Lang): string | undefined {
  const key = yuanTextError(yuanText);
  return key ? t(key, lang) : undefined;
}
