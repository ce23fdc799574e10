import { compact } from './line-chart.component';

describe('compact axis labels', () => {
  it('keeps large numbers short', () => {
    expect(compact(1_500_000)).toBe('1.5M');
    expect(compact(30_000_000)).toBe('30M');
    expect(compact(950)).toBe('950');
    expect(compact(0.5)).toBe('0.5');
  });
});
