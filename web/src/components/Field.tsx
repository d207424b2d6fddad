import type { HTMLAttributes, ReactNode } from 'react';
import { useTranslation } from '../i18n';

interface BaseProps {
  id: string;
  /** A filter or search box, not a form field: no required/optional marker. */
  plain?: boolean;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}

function Label(props: {
  id: string;
  label: string;
  required?: boolean | undefined;
  plain?: boolean | undefined;
}) {
  const { t } = useTranslation();
  return (
    <label htmlFor={props.id}>
      {props.label}
      {!props.plain && (
        <>
          {' '}
          <span className="opt">({props.required ? t('app.required') : t('app.optional')})</span>
        </>
      )}
    </label>
  );
}

function describedBy(
  id: string,
  error?: string,
  hint?: string,
  counted?: boolean,
): string | undefined {
  const ids = [
    error ? `${id}-err` : null,
    hint ? `${id}-hint` : null,
    counted ? `${id}-count` : null,
  ].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/**
 * How long a text may be, shown as a count instead of enforced by the browser: a `maxlength`
 * cuts a paste short without a word, and the officer never learns the end is gone. Over the
 * limit the schema's own message says so and the count turns red. A one-line field shows
 * the count only near its limit; a text area always.
 */
function counterShown(value: string, max: number | undefined, always: boolean): boolean {
  if (max === undefined) return false;
  return always || value.trim().length >= max * 0.8;
}

function Counter(props: { id: string; value: string; max: number }) {
  const { t } = useTranslation();
  const count = props.value.trim().length;
  return (
    <span
      className={`hint counter${count > props.max ? ' over' : ''}`}
      id={`${props.id}-count`}
      data-testid={`${props.id}-count`}
    >
      {t('app.charCount', { count, max: props.max })}
    </span>
  );
}

function Messages(props: {
  id: string;
  error?: string | undefined;
  hint?: string | undefined;
  value?: string;
  max?: number | undefined;
}) {
  return (
    <>
      {props.hint && (
        <span className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.max !== undefined && props.value !== undefined && (
        <Counter id={props.id} value={props.value} max={props.max} />
      )}
      {props.error && (
        <span className="error" id={`${props.id}-err`} role="alert">
          {props.error}
        </span>
      )}
    </>
  );
}

export function TextField(
  props: BaseProps & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'tel' | 'date' | 'datetime-local' | 'password' | 'number' | 'search';
    inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
    autoComplete?: string;
    /** The schema's limit (shared TEXT_LIMITS): counted, not cut. */
    maxLength?: number;
    onBlur?: () => void;
  },
) {
  const counted = counterShown(props.value, props.maxLength, false);
  return (
    <div className="field">
      <Label id={props.id} label={props.label} required={props.required} plain={props.plain} />
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        required={props.required}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy(props.id, props.error, props.hint, counted)}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
      />
      <Messages
        id={props.id}
        error={props.error}
        hint={props.hint}
        value={props.value}
        max={counted ? props.maxLength : undefined}
      />
    </div>
  );
}

export function TextArea(
  props: BaseProps & {
    value: string;
    onChange: (value: string) => void;
    /** The schema's limit (shared TEXT_LIMITS): counted, not cut. */
    maxLength?: number;
  },
) {
  const counted = counterShown(props.value, props.maxLength, true);
  return (
    <div className="field">
      <Label id={props.id} label={props.label} required={props.required} plain={props.plain} />
      <textarea
        id={props.id}
        name={props.id}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy(props.id, props.error, props.hint, counted)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <Messages
        id={props.id}
        error={props.error}
        hint={props.hint}
        value={props.value}
        max={counted ? props.maxLength : undefined}
      />
    </div>
  );
}

export function SelectField<V extends string>(
  props: BaseProps & {
    value: V | '';
    onChange: (value: V) => void;
    options: ReadonlyArray<{ value: V; label: string }>;
    placeholder?: string;
  },
) {
  return (
    <div className="field">
      <Label id={props.id} label={props.label} required={props.required} plain={props.plain} />
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy(props.id, props.error, props.hint)}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={props.id} error={props.error} hint={props.hint} />
    </div>
  );
}

export function Notice(props: {
  kind?: 'info' | 'warn' | 'error' | 'ok';
  children: ReactNode;
  testId?: string;
}) {
  const kind = props.kind ?? 'info';
  return (
    <div
      className={`notice ${kind === 'info' ? '' : kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.children}
    </div>
  );
}
