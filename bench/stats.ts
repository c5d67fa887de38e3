/** Percentiles and a fixed-width figure line, shared by every benchmark. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function figure(label: string, value: number, unit: string, digits = 1): void {
  console.log(`${label.padEnd(58)} ${value.toFixed(digits).padStart(9)} ${unit}`);
}
