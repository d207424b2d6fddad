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

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [error ? `${id}-err` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Messages(props: { id: string; error?: string | undefined; hint?: string | undefined }) {
  return (
    <>
      {props.hint && (
        <span className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
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
    maxLength?: number;
    onBlur?: () => void;
  },
) {
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
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy(props.id, props.error, props.hint)}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
      />
      <Messages id={props.id} error={props.error} hint={props.hint} />
    </div>
  );
}

export function TextArea(
  props: BaseProps & { value: string; onChange: (value: string) => void; maxLength?: number },
) {
  return (
    <div className="field">
      <Label id={props.id} label={props.label} required={props.required} plain={props.plain} />
      <textarea
        id={props.id}
        name={props.id}
        value={props.value}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy(props.id, props.error, props.hint)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <Messages id={props.id} error={props.error} hint={props.hint} />
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
