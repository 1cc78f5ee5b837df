// Numbers for the panels' little charts (SVG is built in panels.ts). Pure.

import { MAX_COUNT_WINDOWS, type CountWindow, type RankedHashtag } from './findings';

export const MINUTE_MS = 60_000;

/** One minute of a tweets-per-minute series; count null = before the first window we know of. */
export interface SeriesPoint {
  readonly start: number;
  readonly count: number | null;
}

/**
 * The last `slots` minutes up to the window starting at `end`, oldest first: each minute's
 * windowCount, 0 for a minute without a window after the first known one (no tweets, no window),
 * null before it. Windows are placed by their start, rounded to the minute slot.
 */
export function minuteSeries(
  windows: readonly CountWindow[],
  end: number,
  slots: number = MAX_COUNT_WINDOWS,
): SeriesPoint[] {
  const counts: (number | undefined)[] = new Array<number | undefined>(slots).fill(undefined);
  let first = slots;
  for (const w of windows) {
    const index = slots - 1 - Math.round((end - w.start) / MINUTE_MS);
    if (index >= slots) continue; // after `end`: not on this chart
    // A window before the chart still means every minute on it is known (0 when missing).
    if (index < first) first = Math.max(0, index);
    if (index >= 0) counts[index] = w.counts.windowCount; // oldest first, so a later one wins
  }
  return counts.map((count, i) => ({
    start: end - (slots - 1 - i) * MINUTE_MS,
    count: i < first ? null : (count ?? 0),
  }));
}

export interface SparklineGeometry {
  /** `x,y x,y …` of the known points, for a <polyline>; empty when none is known. */
  readonly line: string;
  /** The same closed down to the baseline, for an area <polygon>; empty when none is known. */
  readonly area: string;
  /** The last point, for a marker; null when none is known. */
  readonly last: { readonly x: number; readonly y: number } | null;
  /** The scale's top value (at least 1). */
  readonly max: number;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Geometry of a sparkline of `series` in a `width` × `height` box (y grows downwards). */
export function sparkline(series: readonly SeriesPoint[], width: number, height: number, pad = 2): SparklineGeometry {
  const max = Math.max(1, ...series.map((p) => p.count ?? 0));
  const step = series.length > 1 ? width / (series.length - 1) : 0;
  const points: { x: number; y: number }[] = [];
  series.forEach((p, i) => {
    if (p.count === null) return;
    const x = round(series.length > 1 ? i * step : width);
    const y = round(height - pad - (p.count / max) * (height - 2 * pad));
    points.push({ x, y });
  });
  const first = points[0];
  const last = points[points.length - 1] ?? null;
  if (first === undefined || last === null) return { line: '', area: '', last: null, max };
  const line = points.map((p) => `${p.x},${p.y}`).join(' ');
  const area = `${first.x},${height} ${line} ${last.x},${height}`;
  return { line, area, last, max };
}

/** The bar length of each entry in percent of the largest count (0–100, at least 1 when > 0). */
export function barPercents(top: readonly RankedHashtag[]): number[] {
  const max = Math.max(0, ...top.map((e) => e.count));
  return top.map((e) => (max === 0 || e.count === 0 ? 0 : Math.max(1, Math.round((e.count / max) * 1000) / 10)));
}
