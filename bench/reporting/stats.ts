/** The value at quantile q of an ascending list (nearest rank). */
export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const perSecond = (count: number, ms: number) => count / (ms / 1000);

export const rate = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;

export const count = (value: number) => value.toLocaleString('en');

export const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
