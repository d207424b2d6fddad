/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';

/**
 * Labelled inputs for the workers' page: a visible label, the hint and the error tied to
 * the input by aria-describedby, aria-invalid while the error shows, and targets a thumb
 * can hit (the CSS gives every control at least 48 px).
 */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldShell(props: {
  id: string;
  label: string;
  /** "必填"/"选填" after the label. */
  mark?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={props.error ? 'k-field k-invalid' : 'k-field'}>
      <label for={props.id}>
        {props.label}
        {props.mark ? <span class="k-mark">（{props.mark}）</span> : null}
      </label>
      {props.hint ? (
        <p id={`${props.id}-hint`} class="k-hint">
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.error ? (
        <p id={`${props.id}-error`} class="k-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The few input attributes these forms use (Preact's full union is too wide to spread). */
interface InputProps {
  type?: 'text' | 'tel' | 'date';
  inputMode?: 'text' | 'tel' | 'numeric' | 'decimal';
  autoComplete?: string;
  autoCapitalize?: 'characters';
  spellcheck?: boolean;
}

export function TextField(
  props: {
    id: string;
    label: string;
    mark?: string | undefined;
    hint?: string | undefined;
    error?: string | undefined;
    value: string;
    onValue: (value: string) => void;
    multiline?: boolean;
  } & InputProps,
) {
  const { id, label, mark, hint, error, value, onValue, multiline, ...rest } = props;
  const aria = {
    'aria-describedby': describedBy(id, hint, error),
    'aria-invalid': error ? true : undefined,
  };
  return (
    <FieldShell id={id} label={label} mark={mark} hint={hint} error={error}>
      {multiline ? (
        <textarea
          id={id}
          name={id}
          rows={5}
          value={value}
          onInput={(e) => onValue(e.currentTarget.value)}
          {...aria}
        />
      ) : (
        <input
          id={id}
          name={id}
          value={value}
          onInput={(e) => onValue(e.currentTarget.value)}
          // Preact types each input type apart; these three take the same attributes.
          type={(rest.type ?? 'text') as 'text'}
          inputMode={rest.inputMode}
          autoComplete={rest.autoComplete}
          autoCapitalize={rest.autoCapitalize}
          spellcheck={rest.spellcheck}
          {...aria}
        />
      )}
    </FieldShell>
  );
}

/** The first field with an error, in the order the form shows them, for focus. */
export function focusFirstError(order: readonly string[], errors: Record<string, string>): void {
  const first = order.find((f) => errors[f]);
  if (first) document.getElementById(fieldId(first))?.focus();
}

/** A DOM id for a request path ('employer.name' → 'k-employer-name'). */
export function fieldId(path: string): string {
  return `k-${path.replace(/\./g, '-')}`;
}
