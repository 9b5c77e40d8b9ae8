import { describe, expect, it } from 'vitest';
import { filterSetSchema, withFilter, type FilterSet } from '../../../shared';
import { bestUnit, describeRange, presetOf, typedRange } from '../../../renderer/components/filter-ranges';

/* The column filters' custom ranges: typed in any unit, kept in the filter model's own unit. */
describe('column filter ranges', () => {
  const empty: FilterSet = { kind: 'abandoned', filters: {} };

  it('turns a range typed in hours into the model’s minutes, and reads it back in hours', () => {
    const range = typedRange('2', '4', 60);
    expect(range).toEqual({ min: 120, max: 240 });
    expect(bestUnit('age', range).id).toBe('hours');
    expect(describeRange('age', range)).toBe('2 h to 4 h');
    expect(presetOf('age', range)).toBe('custom');
  });

  it('leaves an end open when it is left empty, and names the quick choices', () => {
    expect(typedRange('', '90', 1)).toEqual({ max: 90 });
    expect(describeRange('duration', { min: 300 })).toBe('at least 5:00');
    expect(describeRange('age', { max: 59 })).toBe('Under 1 hour');
    expect(presetOf('duration', { min: 30, max: 120 })).toBe('mid');
  });

  it('lets the one filter schema refuse a reversed or unreadable range', () => {
    expect(filterSetSchema.safeParse(withFilter(empty, 'age', typedRange('4', '2', 60))).success).toBe(false);
    expect(filterSetSchema.safeParse(withFilter(empty, 'duration', typedRange('abc', '', 1))).success).toBe(false);
    expect(filterSetSchema.safeParse(withFilter(empty, 'duration', typedRange('-1', '', 1))).success).toBe(false);
    expect(filterSetSchema.safeParse(withFilter(empty, 'age', typedRange('1.5', '', 60))).success).toBe(true);
  });

  it('withFilter replaces one column and drops an emptied one', () => {
    const one = withFilter(empty, 'account', ['acc-north']);
    expect(one.filters).toEqual({ account: ['acc-north'] });
    expect(withFilter(one, 'account', []).filters).toEqual({});
    expect(withFilter(withFilter(one, 'customer', 'Lee'), 'customer', '').filters).toEqual({ account: ['acc-north'] });
  });
});
