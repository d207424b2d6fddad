import { describe, expect, it } from 'vitest';
import { CONFLICT_REASON, DEPENDENT_REASON, reasonFor, reasonText } from './reasons';

describe('inbox reasons', () => {
  it('are stored as a key and shown in the language the officer reads now', () => {
    const item = { why: CONFLICT_REASON };
    expect(reasonText(item, 'zh')).toBe(
      '您修改的内容在服务器上已被他人改动，现显示服务器上的版本；您填写的内容保存在这里，可放弃或在新版本上重新提交。',
    );
    expect(reasonText(item, 'en')).toMatch(/^Someone changed the same details on the server/);
    expect(reasonText({ why: DEPENDENT_REASON }, 'zh')).toMatch(/未能在服务器上创建/);
  });

  it('keep the server’s words after the summary in Chinese and name the fields in English', () => {
    const why = reasonFor({
      code: 'invalid',
      message: '申请人人数与填写的人数不符',
      fields: { workersCount: '数值太小' },
    });
    expect(why).toEqual({
      key: 'inbox.invalid',
      serverMessage: '申请人人数与填写的人数不符',
      serverFields: { workersCount: '数值太小' },
    });
    expect(reasonText({ why }, 'zh')).toBe(
      '服务器认为提交的内容有误，未予接受：申请人人数与填写的人数不符；workersCount: 数值太小',
    );
    // The server's Chinese field message is one of the catalogue's, so it reads in English.
    expect(reasonText({ why }, 'en')).toBe(
      'The server found the submitted details invalid (workersCount: Too small)',
    );
  });

  it('name the fields by their labels when the screen gives them, in either language', () => {
    const why = reasonFor({
      code: 'invalid',
      message: '申请人人数与填写的人数不符',
      fields: { workersCount: '数值太小' },
    });
    const label = (lang: 'zh' | 'en') => (path: string) =>
      path === 'workersCount' ? (lang === 'zh' ? '涉及人数' : 'Number of workers') : path;
    expect(reasonText({ why }, 'zh', label('zh'))).toBe(
      '服务器认为提交的内容有误，未予接受：申请人人数与填写的人数不符；涉及人数：数值太小',
    );
    expect(reasonText({ why }, 'en', label('en'))).toBe(
      'The server found the submitted details invalid (Number of workers: Too small)',
    );
  });

  it('do not repeat a server message that says the same as the summary', () => {
    const why = reasonFor({ code: 'rejected', message: '服务器未接受此项更改' });
    expect(reasonText({ why }, 'zh')).toBe('服务器未接受此项更改');
  });

  it('fall back to the summary of the status when the server gave no error body', () => {
    expect(reasonText({ why: reasonFor(null, 'payload_too_large') }, 'zh')).toBe(
      '内容太大，服务器无法接受',
    );
    expect(reasonText({ why: reasonFor({ code: 'teapot', message: '' }) }, 'en')).toBe(
      'The server did not accept this change',
    );
  });

  it('still show items stored on devices before reasons were keys', () => {
    const stored = { reason: '服务器未接受此项更改：旧的说明', reasonEn: 'Old English text' };
    expect(reasonText(stored, 'zh')).toBe('服务器未接受此项更改：旧的说明');
    expect(reasonText(stored, 'en')).toBe('Old English text');
    expect(reasonText({ reason: '只有中文' }, 'en')).toBe('只有中文');
    // A key a later version no longer knows: the prose stored beside it, else a plain summary.
    expect(reasonText({ why: { key: 'inbox.gone' } }, 'zh')).toBe('服务器未接受此项更改');
  });
});
