import { chinaDateTime } from '../validation/dates';
import { formatFen } from '../validation/money';
import { isMessageKey, type Lang, type MessageKey, t } from './messages';

/**
 * What the server itself says about an event (a time it moved, an amount over the owed
 * total allowed with a reason, the mediation it records) travels as a catalogue key and its
 * parameters, not as prose, so each device reads it in its own language. It rides in the
 * event's `changes` under the field `note` (from: null, to: the note): no new column, and a
 * device that knows no notes still shows the event. Stored events from before carry the
 * server's words in `comment`, which is shown as it is.
 *
 * Parameters are shown by their name: `what` is itself a catalogue key, a name ending in
 * `At` an instant shown in China time, one ending in `Fen` an amount; the rest are the
 * officer's own words (a reason, a place), shown as typed.
 */
export type EventNoteKey = Extract<MessageKey, `note.${string}`>;
export interface EventNote {
  key: EventNoteKey;
  params: Readonly<Record<string, string | number>>;
}

export const NOTE_FIELD = 'note';

export interface NoteChange {
  field: typeof NOTE_FIELD;
  from: null;
  to: EventNote;
}

export function noteChange(note: EventNote): NoteChange {
  return { field: NOTE_FIELD, from: null, to: note };
}

function isEventNote(v: unknown): v is EventNote {
  if (typeof v !== 'object' || v === null) return false;
  const { key, params } = v as { key?: unknown; params?: unknown };
  return (
    typeof key === 'string' &&
    key.startsWith('note.') &&
    isMessageKey(key) &&
    typeof params === 'object' &&
    params !== null
  );
}

/** The notes among an event's changes; a malformed or unknown one is left out, not shown raw. */
export function eventNotes(changes: ReadonlyArray<{ field: string; to: unknown }>): EventNote[] {
  return changes
    .filter((c) => c.field === NOTE_FIELD && isEventNote(c.to))
    .map((c) => c.to as EventNote);
}

function paramText(name: string, value: string | number, lang: Lang): string {
  if (name === 'what' && typeof value === 'string' && isMessageKey(value)) return t(value, lang);
  if (name.endsWith('At') && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return chinaDateTime(Date.parse(value));
  }
  if (name.endsWith('Fen') && typeof value === 'number') return formatFen(value);
  return String(value);
}

/** A note in words, in the reader's language. */
export function noteText(note: EventNote, lang: Lang): string {
  const params = Object.fromEntries(
    Object.entries(note.params).map(([name, v]) => [name, paramText(name, v, lang)]),
  );
  return t(note.key, lang, params);
}
