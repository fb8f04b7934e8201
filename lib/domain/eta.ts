/** A point of the pass-rate series: time in ms, pass rate as a fraction. */
export interface RatePoint {
  at: number;
  passRate: number;
}

export type Projection =
  | { kind: "reached" }
  | { kind: "not-converging"; slopePerDay: number }
  | { kind: "eta"; /** ISO date: the projection travels as JSON. */ date: string; slopePerDay: number; intercept: number }
  | { kind: "insufficient-data" };

const DAY = 86_400_000;

/**
 * Least-squares line through the last `window` completed runs; the date it crosses `target`.
 * A slope that is not positive never gets there: "not converging".
 */
export function projectEta(points: readonly RatePoint[], target: number, window = 10): Projection {
  const recent = points.slice(-window);
  const last = recent.at(-1);
  if (!last) return { kind: "insufficient-data" };
  if (last.passRate >= target) return { kind: "reached" };
  if (recent.length < 2) return { kind: "insufficient-data" };
  const t0 = recent[0]!.at;
  const xs = recent.map((p) => (p.at - t0) / DAY);
  const ys = recent.map((p) => p.passRate);
  const n = recent.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  if (sxx === 0) return { kind: "insufficient-data" };
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  if (slope <= 0) return { kind: "not-converging", slopePerDay: slope };
  const days = (target - intercept) / slope;
  return { kind: "eta", date: new Date(t0 + days * DAY).toISOString(), slopePerDay: slope, intercept };
}
