import { describe, expect, it } from 'vitest';
import { anyFormDirty, setFormDirty } from './dirty';

describe('dirty-form tracking (gates the update prompt)', () => {
  it('is dirty while any form is dirty, clean when all are clean again', () => {
    expect(anyFormDirty()).toBe(false);
    setFormDirty('case-form', true);
    setFormDirty('mediation-form', true);
    expect(anyFormDirty()).toBe(true);
    setFormDirty('case-form', false);
    expect(anyFormDirty()).toBe(true);
    setFormDirty('mediation-form', false);
    expect(anyFormDirty()).toBe(false);
  });

  it('counts a form once however often it reports the same state', () => {
    setFormDirty('case-form', true);
    setFormDirty('case-form', true);
    setFormDirty('case-form', false);
    expect(anyFormDirty()).toBe(false);
  });
});
