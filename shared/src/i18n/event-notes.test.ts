import { describe, expect, it } from 'vitest';
import { clampedTimeNote } from '../domain/action-time';
import { eventNotes, noteChange, noteText } from './event-notes';

describe('what the server notes on an event', () => {
  it('is read in the reader’s language, with times in China time and amounts in yuan', () => {
    const note = clampedTimeNote('time.heldAt', '2099-01-01T00:00:00.000Z', {
      at: '2026-05-01T02:00:00.000Z',
      clamped: 'in_the_future',
    });
    expect(noteText(note, 'zh')).toBe(
      '设备提交的调解时间 2099-01-01 08:00 晚于服务器时间，已按 2026-05-01 10:00 记录',
    );
    expect(noteText(note, 'en')).toBe(
      'The time of the mediation the device gave, 2099-01-01 08:00, was later than the server clock; recorded as 2026-05-01 10:00',
    );
    const mediation = {
      key: 'note.mediation',
      params: { place: '村委会', agreedFen: 500_000 },
    } as const;
    expect(noteText(mediation, 'en')).toBe('Mediation at 村委会, ¥5,000.00 agreed');
    expect(noteText(mediation, 'zh')).toBe('调解记录：村委会，约定 ¥5,000.00');
  });

  it('rides in the changes beside the fields, and nothing else there is taken for one', () => {
    const note = { key: 'note.recoveredOverOwed', params: { reason: '含利息' } } as const;
    const changes = [
      { field: 'status', from: 'in_progress', to: 'resolved' },
      noteChange(note),
      { field: 'note', from: null, to: { key: 'reject.caseClosed', params: {} } },
      { field: 'note', from: null, to: 'free text' },
    ];
    expect(eventNotes(changes)).toEqual([note]);
  });
});
