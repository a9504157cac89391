// What every bench shares: medians, and handing its figures to the runner.
// A bench prints for people; when run by run-all.ts it also writes its
// figures as JSON to the file named by BENCH_FIGURES_FILE, for the summary.
import { writeFileSync } from 'node:fs';

export type Figures = Record<string, number>;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Writes `figures` for run-all.ts when it asked for them; standalone runs only print. */
export function reportFigures(figures: Figures): void {
  const file = process.env.BENCH_FIGURES_FILE;
  if (file) writeFileSync(file, JSON.stringify(figures));
}
