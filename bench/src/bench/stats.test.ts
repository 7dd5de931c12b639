import { describe, expect, it } from 'vitest';
import { mean, percentile } from './stats.ts';

describe('percentile (nearest rank)', () => {
  const sample = Array.from({ length: 100 }, (_, i) => i + 1);
  it('gives the textbook values on 1..100', () => {
    expect(percentile(sample, 50)).toBe(50);
    expect(percentile(sample, 99)).toBe(99);
    expect(percentile(sample, 100)).toBe(100);
    expect(percentile(sample, 0)).toBe(1);
  });
  it('handles one element and empty samples', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
  it('mean', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
  });
});
