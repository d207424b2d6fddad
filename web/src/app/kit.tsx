import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from '../i18n';
import { failureText } from './desk-api';

/**
 * Pieces every workspace (office, inspector, admin) uses. They import nothing of any one
 * workspace, so each workspace chunk takes them without pulling the others in.
 */

export interface WorkspaceTab {
  href: string;
  label: string;
  /** Also current on these paths and below (the workspace's landing tab at its root). */
  alsoAt?: readonly string[];
  /** Current only on `href` itself and `alsoAt`, not below (a root tab). */
  exact?: boolean;
}

/** A workspace's tab bar: a tab is current when the location is its path or below it. */
export function WorkspaceTabs(props: { label: string; tabs: readonly WorkspaceTab[] }) {
  const [location] = useLocation();
  const here = (tab: WorkspaceTab) =>
    location === tab.href ||
    (tab.alsoAt ?? []).some((p) => location === p || location.startsWith(`${p}/`)) ||
    (!tab.exact && location.startsWith(`${tab.href}/`));
  return (
    <nav className="office-tabs" aria-label={props.label}>
      {props.tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={here(tab) ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/**
 * A modal question before a consequential action. The native dialog element keeps focus
 * inside while open, closes on Escape (as a cancel) and gives focus back when it closes.
 */
export function ConfirmDialog(props: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="admin-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      data-testid={props.testId}
      onCancel={(e) => {
        // Escape: React state decides whether the dialog exists, not the browser.
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p id={`${id}-message`}>{props.message}</p>
      <div className="admin-actions">
        <button type="button" className="btn" onClick={props.onCancel} disabled={props.busy}>
          {t('admin.cancel')}
        </button>
        <button
          type="button"
          className={props.danger ? 'btn danger primary' : 'btn primary'}
          onClick={props.onConfirm}
          disabled={props.busy}
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** What a server read failed with, and a way to try again. */
export function ReadError(props: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice error" role="alert">
      {props.message}{' '}
      <button type="button" className="btn small" onClick={props.onRetry}>
        {t('admin.retry')}
      </button>
    </div>
  );
}

/**
 * The states of a server read above its table: failed (with retry), loading, or loaded but
 * empty. The table itself is rendered by the caller when there are rows.
 */
export function ReadState(props: {
  read: { error: unknown; isPending: boolean; data: unknown; refetch: () => unknown };
  empty: boolean;
  emptyText: string;
}) {
  const { t } = useTranslation();
  const { read } = props;
  return (
    <>
      {read.error ? (
        <ReadError message={failureText(read.error)} onRetry={() => void read.refetch()} />
      ) : null}
      {read.isPending && <p role="status">{t('admin.loading')}</p>}
      {read.data !== undefined && props.empty && <p>{props.emptyText}</p>}
    </>
  );
}

/** A table's caption (for screen readers) and its column headings. */
export function TableHead(props: { caption: string; columns: readonly string[] }) {
  return (
    <>
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}

/** A labelled checkbox with a 24 px+ target (the whole label is clickable). */
export function Checkbox(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="admin-check" htmlFor={props.id}>
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />{' '}
      {props.label}
    </label>
  );
}
