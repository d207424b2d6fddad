import { isMessageKey } from '@anxin/shared';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCore } from '../i18n/zh-core';
import { zhScreens } from '../i18n/zh-screens';

// The desk workspaces' source, read as text. Their catalogue keys are not all passed to t()
// literally (the audit log keeps action and field keys in tables), so every quoted
// 'admin.…' / 'password.…' string counts; i18next would show an unknown key as itself.
const sources = import.meta.glob(['./**/*.{ts,tsx}', '!./**/*.test.ts', '../office/*.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.add(path);
    else for (const p of leaves(v, path)) out.add(p);
  }
  return out;
}

const zh = leaves({ ...zhCore, ...zhScreens } as unknown as Tree);
const english = leaves(en as unknown as Tree);

function quotedKeys(): Set<string> {
  const keys = new Set<string>();
  const quoted = /'((?:admin|password)\.[A-Za-z_.]+[A-Za-z])'/g;
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(quoted)) {
      // The shared rules' own messages ('admin.unitsForDesk', 'password.common') are
      // translated by shared/, not by this catalogue.
      if (!isMessageKey(m[1]!)) keys.add(m[1]!);
    }
  }
  return keys;
}

describe('admin workspace texts', () => {
  it('reads the workspace source', () => {
    expect(Object.keys(sources).some((p) => p.endsWith('People.tsx'))).toBe(true);
    expect(quotedKeys().size).toBeGreaterThan(100);
  });

  it('has every key the workspace names, in Chinese and in English', () => {
    const computed = [
      ...['work', 'weekend', 'holiday', 'makeup'].map((s) => `admin.calendar.day.${s}`),
      ...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((d) => [
        `admin.calendar.weekdays.${d}`,
        `admin.calendar.weekdayNames.${d}`,
      ]),
    ];
    const used = [...quotedKeys(), ...computed];
    expect(used.filter((k) => !zh.has(k))).toEqual([]);
    expect(used.filter((k) => !english.has(k))).toEqual([]);
  });

  it('uses the labels the brief fixes for the tabs and the one-time password', () => {
    expect(zhScreens.admin.tabs).toEqual({
      people: '人员',
      units: '承办单位',
      calendar: '工作日历',
      audit: '审计日志',
    });
    expect(zhScreens.admin.people.otpTitle).toBe('初始密码（只显示一次）');
    expect(zhScreens.password.title).toBe('设置新密码');
  });
});
