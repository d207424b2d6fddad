import {
  type CaseEvent,
  type CaseStatus,
  eventNotes,
  joinList,
  NOTE_FIELD,
  noteText,
  STATUS_LABELS,
} from '@anxin/shared';
import type { OutboxItem } from '../data/types';
import { useLang, useTranslation } from '../i18n';
import { formatDateTime } from '../i18n/format';

const EDIT_EVENTS = new Set(['case.update', 'case.transition', 'case.assign', 'case.review']);

/**
 * One timeline entry: what happened, who, in words which fields changed, what the server
 * noted (in the reader's language) and the officer's own comment. Events stored before notes
 * were keys carry the server's Chinese in `comment`; they show as stored.
 */
function EventLine(props: { e: CaseEvent }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { e } = props;
  const statusName = (v: unknown): string =>
    typeof v === 'string' && v in STATUS_LABELS
      ? STATUS_LABELS[v as CaseStatus][lang]
      : String(v ?? '—');
  // A creation, a mediation or an attachment lists the whole new record as "changes";
  // naming those fields says nothing, so only edits and moves show what changed.
  const describes = EDIT_EVENTS.has(e.name);
  const status = describes ? e.changes.find((ch) => ch.field === 'status') : undefined;
  const others = describes
    ? e.changes.filter((ch) => ch.field !== 'status' && ch.field !== NOTE_FIELD)
    : [];
  const notes = eventNotes(e.changes);
  return (
    <li>
      <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
      <br />
      {t(`events.${e.name}`, { defaultValue: e.name })} · {e.actorName}
      {status && (
        <>
          {' '}
          · {statusName(status.from)} → {statusName(status.to)}
        </>
      )}
      {others.length > 0 && (
        <>
          {' '}
          ·{' '}
          {t('caseDetail.fieldsChanged', {
            fields: joinList(
              others.map((ch) => t(`fields.${ch.field}`, { defaultValue: ch.field })),
              lang,
            ),
          })}
        </>
      )}
      {notes.map((n) => (
        <span key={`${n.key}:${JSON.stringify(n.params)}`} className="event-note">
          <br />
          {noteText(n, lang)}
        </span>
      ))}
      {e.comment && (
        <>
          <br />
          {e.comment}
        </>
      )}
    </li>
  );
}

/** The case's history, newest first, with what this device has not uploaded yet on top. */
export function CaseTimeline(props: {
  events: readonly CaseEvent[];
  outbox: readonly OutboxItem[];
  userName: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="sec-timeline">
      <h2 id="sec-timeline">{t('caseDetail.timeline')}</h2>
      {props.events.length === 0 && props.outbox.length === 0 && <p>{t('caseDetail.noEvents')}</p>}
      <ol className="timeline" data-testid="timeline">
        {props.outbox.map((o) => (
          <li key={o.id}>
            <time dateTime={o.createdAt}>{formatDateTime(o.createdAt, lang)}</time>{' '}
            <span className="badge pending">{t('cases.pendingBadge')}</span>
            <br />
            {t(`events.${o.name}`)} · {props.userName}
          </li>
        ))}
        {props.events.map((e) => (
          <EventLine key={e.id} e={e} />
        ))}
      </ol>
    </section>
  );
}
