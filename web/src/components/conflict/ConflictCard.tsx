import type { Case, CaseEvent } from '@anxin/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { errorMessage } from '../../app/errors';
import { useWorkspace } from '../../app/services';
import {
  choosesPerField,
  conflictRows,
  defaultChoice,
  type FieldChoice,
  type FieldChoices,
  labelOfPath,
  mergeStart,
  serverChangeOf,
} from '../../data/conflict-fields';
import type { ConflictItem } from '../../data/types';
import { useLang, useTranslation } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { asServerCase } from '../../sync/inbox';
import { reasonText } from '../../sync/reasons';
import { Notice } from '../Field';
import { FieldCompare } from './FieldCompare';
import { labelText } from './format';
import './conflict.css';

type Pending = 'discard' | 'send' | null;

/**
 * One change the server did not take, as a person reads it: which case, who changed the
 * server copy and when, each differing value side by side. A case edit that met someone
 * else's is settled value by value; anything else is sent again or discarded. Both ask first.
 */
export function ConflictCard(props: {
  item: ConflictItem;
  /** The server copy now (under the case view), or null when the case is not on the device. */
  current: Case | null;
  events: readonly CaseEvent[];
  focused: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { actions } = useWorkspace();
  const { item } = props;
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  const server = props.current ?? asServerCase(item.server);
  const rows = useMemo(() => conflictRows(item, server), [item, server]);
  const perField = choosesPerField(item) && props.current !== null;
  const [choices, setChoices] = useState<Record<string, FieldChoice | null>>({});
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (props.focused) ref.current?.scrollIntoView({ block: 'start' });
  }, [props.focused]);

  const choiceOf = (path: string): FieldChoice | null => {
    if (path in choices) return choices[path] ?? null;
    const row = rows.find((r) => r.path === path);
    return row ? defaultChoice(row) : null;
  };
  const mergeTextOf = (path: string): string => {
    const c = choices[path];
    if (c?.pick === 'merge') return c.text;
    const row = rows.find((r) => r.path === path);
    return row ? mergeStart(row) : '';
  };
  const unchosen = perField ? rows.filter((r) => choiceOf(r.path) === null).length : 0;

  const change = serverChangeOf(item, props.events);
  const changedLine = change
    ? t('conflicts.changedBy', { name: change.name, time: formatDateTime(change.at, lang) })
    : server
      ? t('conflicts.changedAt', { time: formatDateTime(server.updatedAt, lang) })
      : null;
  const employer = server?.employer.name ?? item.subject?.employer;
  const subject = employer
    ? t('conflicts.subject', {
        caseNo: server?.caseNo ?? item.subject?.caseNo ?? t('caseDetail.noCaseNo'),
        employer,
      })
    : null;

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err, lang));
      setPending(null);
    } finally {
      setBusy(false);
    }
  };
  const send = () =>
    run(async () => {
      if (!perField) return actions.reapplyConflict(item.id);
      const chosen: FieldChoices = {};
      for (const r of rows) {
        const c = choiceOf(r.path);
        if (c) chosen[r.path] = c;
      }
      await actions.resolveConflict(item.id, chosen);
    });

  const summary = perField
    ? rows
        .map((r) => ({ r, c: choiceOf(r.path) }))
        .filter(({ c }) => c !== null)
        .map(({ r, c }) => {
          const field = labelText(r.label, t);
          if (c!.pick === 'merge') return t('conflicts.summaryMerge', { field });
          return t(c!.pick === 'mine' ? 'conflicts.summaryMine' : 'conflicts.summaryTheirs', {
            field,
          });
        })
    : [];
  const sendsNothing = perField && rows.every((r) => choiceOf(r.path)?.pick === 'theirs');
  const fieldLabel = (path: string) => {
    const parts = labelOfPath(path);
    return parts ? labelText(parts, t) : t('conflicts.otherField');
  };

  return (
    <article
      ref={ref}
      className={props.focused ? 'card cf-card focused' : 'card cf-card'}
      data-testid="conflict-item"
      data-kind={item.kind}
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`} data-testid="conflict-subject">
        {subject ?? t(`conflicts.kind_${item.kind}`)}
      </h2>
      <p className="cf-meta">
        <span className={`cf-kind cf-kind-${item.kind}`}>{t(`conflicts.kind_${item.kind}`)}</span>{' '}
        {t('conflicts.mutation', { name: t(`events.${item.mutation.name}`) })} ·{' '}
        {t('conflicts.at', { time: formatDateTime(item.createdAt, lang) })}
      </p>
      {changedLine && (
        <p className="cf-meta" data-testid="conflict-changed-by">
          {changedLine}
        </p>
      )}
      <p>
        <strong>{t('conflicts.reason')}:</strong>{' '}
        <span data-testid="conflict-reason">{reasonText(item, lang, fieldLabel)}</span>
      </p>
      <div className="cf-rows">
        {rows.map((r) => (
          <FieldCompare
            key={r.path}
            row={r}
            choose={perField}
            choice={choiceOf(r.path)}
            mergeText={mergeTextOf(r.path)}
            onChoice={(c) => setChoices((prev) => ({ ...prev, [r.path]: c }))}
          />
        ))}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {pending === 'send' ? (
        <section className="cf-confirm" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`} role="alert">
            {!perField
              ? t('conflicts.confirmReapply')
              : sendsNothing
                ? t('conflicts.confirmNothing')
                : t('conflicts.confirmResolve')}
          </p>
          {perField && !sendsNothing && (
            <ul data-testid="conflict-summary">
              {summary.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
          <div className="cf-actions">
            <button type="button" className="btn small" onClick={() => setPending(null)}>
              {t('app.cancel')}
            </button>
            <button
              type="button"
              className="btn small primary"
              disabled={busy}
              onClick={() => void send()}
              data-testid="conflict-confirm"
            >
              {t('conflicts.confirmSend')}
            </button>
          </div>
        </section>
      ) : pending === 'discard' ? (
        <section className="cf-confirm" aria-labelledby={`${id}-discard`}>
          <p id={`${id}-discard`} role="alert">
            {t('conflicts.confirmDiscard')}
          </p>
          <div className="cf-actions">
            <button type="button" className="btn small" onClick={() => setPending(null)}>
              {t('app.cancel')}
            </button>
            <button
              type="button"
              className="btn small danger primary"
              disabled={busy}
              onClick={() => void run(() => actions.discardConflict(item.id))}
              data-testid="conflict-discard-confirm"
            >
              {t('conflicts.discard')}
            </button>
          </div>
        </section>
      ) : (
        <>
          {unchosen > 0 && (
            <p className="cf-left" data-testid="conflict-left">
              {t('conflicts.chooseLeft', { count: unchosen })}
            </p>
          )}
          <div className="cf-actions">
            <Link href={`/cases/${item.entityId}`} className="btn small">
              {t('conflicts.openCase')}
            </Link>
            <button
              type="button"
              className="btn small danger"
              onClick={() => setPending('discard')}
              data-testid="conflict-discard"
            >
              {t('conflicts.discard')}
            </button>
            <button
              type="button"
              className="btn small primary"
              disabled={unchosen > 0}
              onClick={() => setPending('send')}
              data-testid="conflict-reapply"
            >
              {perField ? t('conflicts.resolve') : t('conflicts.reapply')}
            </button>
          </div>
        </>
      )}
    </article>
  );
}
