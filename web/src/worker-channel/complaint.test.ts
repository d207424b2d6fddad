import { t } from '@anxin/shared/i18n/messages';
import { PUBLIC_PHOTO_LIMITS } from '@anxin/shared/schemas/public';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from './api';
import {
  type ComplaintDraft,
  complaintRequest,
  EMPTY_DRAFT,
  MAX_PHOTOS,
  owedFenOf,
  parseWorkersCount,
  placeServerErrors,
  validateComplaint,
} from './complaint';
import { promiseWords, stageDates, stageWords } from './stage';
import { waitText } from './texts';

const GOOD: ComplaintDraft = {
  ...EMPTY_DRAFT,
  name: '张三',
  mobile: '139 0000 1234',
  employerName: '义乌市某某建筑有限公司',
  owedYuan: '8500.5',
  workersCount: '3',
  sector: 'other',
  description: '三个月没发工资',
  otp: '123456',
};

describe('yuan typed by a worker → integer fen', () => {
  it('converts exactly, full-width digits and separators included', () => {
    expect(owedFenOf('8500')).toBe(850_000);
    expect(owedFenOf('8500.5')).toBe(850_050);
    expect(owedFenOf('０.１')).toBe(10);
    expect(owedFenOf('¥1,234.56元')).toBe(123_456);
    expect(owedFenOf('１，０００')).toBe(100_000);
    // 0.1 + 0.2 style float drift never reaches the fen.
    expect(owedFenOf('0.29')).toBe(29);
    expect(owedFenOf('19.99')).toBe(1999);
  });

  it('refuses what is not an amount above zero', () => {
    for (const bad of ['', '0', '0.00', '-5', '1.234', 'abc', '5元整', '1e5']) {
      expect(owedFenOf(bad), bad).toBeNull();
    }
  });

  it('is exact for every amount with at most two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), (fen) => {
        const text = `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        expect(owedFenOf(text)).toBe(fen);
      }),
    );
  });
});

describe('the complaint form checks', () => {
  it('passes a complete draft and builds the request with optional fields left out', () => {
    expect(validateComplaint(GOOD, 'zh')).toEqual({});
    expect(complaintRequest(GOOD, [])).toEqual({
      name: '张三',
      mobile: '13900001234',
      otp: '123456',
      employer: { name: '义乌市某某建筑有限公司' },
      owedFen: 850_050,
      workersCount: 3,
      sector: 'other',
      description: '三个月没发工资',
    });
  });

  it('sends the unit, period, credit code (normalised), project and photos when given', () => {
    const d: ComplaintDraft = {
      ...GOOD,
      unitId: 'futian',
      periodFrom: '2026-09-01',
      periodTo: '2026-11-30',
      creditCode: ' 91330782MA2ABCDE1X ',
      employerAddress: '福田街道某路 1 号',
      sector: 'construction',
      projectName: '某某小区二期',
      generalContractor: '某某建设集团',
      otp: '６５４３２１',
    };
    const body = complaintRequest(d, ['a'.repeat(64)]);
    expect(body).toMatchObject({
      unitId: 'futian',
      periodFrom: '2026-09-01',
      periodTo: '2026-11-30',
      otp: '654321',
      employer: {
        name: '义乌市某某建筑有限公司',
        address: '福田街道某路 1 号',
        creditCode: '91330782MA2ABCDE1X',
      },
      project: { name: '某某小区二期', generalContractor: '某某建设集团' },
      photos: ['a'.repeat(64)],
    });
  });

  it('never sends a project for a non-construction complaint', () => {
    const body = complaintRequest({ ...GOOD, projectName: '某项目', generalContractor: 'X' }, []);
    expect(body).not.toHaveProperty('project');
  });

  it('says field by field what is missing, in Chinese first', () => {
    const errors = validateComplaint(EMPTY_DRAFT, 'zh');
    expect(Object.keys(errors).sort()).toEqual(
      ['description', 'employer.name', 'mobile', 'name', 'otp', 'owedFen', 'sector'].sort(),
    );
    expect(errors.name).toBe(t('required', 'zh'));
    expect(errors.mobile).toBe(t('required', 'zh'));
    expect(validateComplaint(EMPTY_DRAFT, 'en').name).toBe(t('required', 'en'));
  });

  it('asks for the project and general contractor only in construction', () => {
    const errors = validateComplaint({ ...GOOD, sector: 'construction' }, 'zh');
    expect(Object.keys(errors).sort()).toEqual(['project.generalContractor', 'project.name']);
  });

  it('uses the shared rules for mobile, money and credit code', () => {
    const errors = validateComplaint(
      { ...GOOD, mobile: '12345', owedYuan: '12.345', creditCode: '91330782MA2ABCDE12' },
      'zh',
    );
    expect(errors.mobile).toBe(t('mobile.invalid', 'zh'));
    expect(errors.owedFen).toBe(t('money.decimals', 'zh'));
    expect(errors['employer.creditCode']).toBeDefined();
    expect(validateComplaint({ ...GOOD, owedYuan: '0' }, 'zh').owedFen).toBe(
      t('money.notPositive', 'zh'),
    );
  });

  it('refuses a period that ends before it starts, or a day that does not exist', () => {
    expect(
      validateComplaint({ ...GOOD, periodFrom: '2026-10-01', periodTo: '2026-09-30' }, 'zh')
        .periodTo,
    ).toBe(t('period.order', 'zh'));
    expect(validateComplaint({ ...GOOD, periodFrom: '2026-02-30' }, 'zh').periodFrom).toBe(
      t('invalid', 'zh'),
    );
  });

  it('takes a count of workers from 1 to the case limit, and a 6-digit code', () => {
    expect(parseWorkersCount('１２')).toBe(12);
    for (const bad of ['0', '', '2.5', '-1', '5001', 'abc']) {
      expect(parseWorkersCount(bad), bad).toBeNull();
    }
    expect(validateComplaint({ ...GOOD, otp: '12345' }, 'zh').otp).toBeDefined();
    expect(validateComplaint({ ...GOOD, otp: '１２３４５６' }, 'zh').otp).toBeUndefined();
  });

  it('places server messages at the inputs the form has', () => {
    expect(
      placeServerErrors({ project: 'p', 'photos.2': 'x', 'photos.3': 'y', mobile: 'm' }),
    ).toEqual({ 'project.name': 'p', photos: 'x', mobile: 'm' });
  });

  it("keeps the photo limit equal to the server's", () => {
    expect(MAX_PHOTOS).toBe(PUBLIC_PHOTO_LIMITS.perComplaint);
  });

  it('refuses to build a request from a draft that did not pass', () => {
    expect(() => complaintRequest({ ...GOOD, owedYuan: 'x' }, [])).toThrow();
  });
});

describe('the lookup answer in plain words', () => {
  it('names the stage and the unit it went to', () => {
    expect(stageWords({ stage: 'received' }, 'zh')).toBe('已受理，正在分派');
    expect(stageWords({ stage: 'dispatched', unitName: '福田街道' }, 'zh')).toBe(
      '已派发到福田街道',
    );
    expect(stageWords({ stage: 'resolved' }, 'zh')).toBe('已化解');
    expect(stageWords({ stage: 'resolved' }, 'en')).toBe('Resolved');
    expect(stageWords({ stage: 'something_new' }, 'zh')).toBe('办理中');
  });

  it('gives the dates in China time, only those that happened', () => {
    const rows = stageDates(
      {
        steps: [
          { stage: 'received', at: '2026-12-01T01:30:00Z' },
          { stage: 'dispatched', at: '2026-12-01T16:05:00Z' },
        ],
        insuranceDueDate: null,
      },
      'zh',
    );
    expect(rows).toEqual([
      ['受理时间', '2026-12-01 09:30'],
      ['派发时间', '2026-12-02 00:05'],
    ]);
    expect(stageDates({ steps: [], insuranceDueDate: '2026-12-20' }, 'en')).toEqual([
      ['Advance due by', '2026-12-20'],
    ]);
  });

  it("states the 1-3-7 promise with the case's own deadlines", () => {
    expect(
      promiseWords(
        {
          promise: {
            receivedAt: '2026-12-01T01:30:00Z',
            firstActionBy: '2026-12-02T01:30:00Z',
            resolveBy: '2026-12-08T01:30:00Z',
          },
        },
        'zh',
      ),
    ).toBe('按“1-3-7”承诺：2026-12-02 09:30 前有人处理，2026-12-08 09:30 前办结。');
  });
});

describe('waiting after a 429', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterSeconds('120', 0)).toBe(120);
    expect(retryAfterSeconds(null, 0)).toBe(60);
    expect(retryAfterSeconds(new Date(90_000).toUTCString(), 0)).toBe(90);
  });

  it('says it in minutes once it is long', () => {
    expect(waitText('zh', 45)).toBe('45 秒');
    expect(waitText('zh', 3000)).toBe('50 分钟');
    expect(waitText('en', 3000)).toBe('50 min');
  });
});
