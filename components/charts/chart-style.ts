// What every chart shares: axis, grid and tooltip styles from the theme's CSS variables (so both
// themes read well), and the run under the pointer when a chart is clicked.
import type { CSSProperties } from "react";

export const axisTick = { fontSize: 12, fill: "var(--muted)" } as const;
export const smallAxisTick = { fontSize: 11, fill: "var(--muted)" } as const;
export const gridStroke = "var(--chart-grid)";

/** Recharts' default tooltip is white with black text; this one follows the theme. */
export const tooltipProps = {
  contentStyle: {
    background: "var(--card)",
    border: "1px solid var(--border)",
    borderRadius: 8,
    color: "var(--foreground)",
    fontSize: 12,
    boxShadow: "0 4px 12px rgb(0 0 0 / 0.12)",
  } satisfies CSSProperties,
  labelStyle: { color: "var(--foreground)", fontWeight: 500, marginBottom: 2 } satisfies CSSProperties,
  itemStyle: { padding: "1px 0" } satisfies CSSProperties,
  cursor: { stroke: "var(--border)", fill: "var(--chart-cursor)" },
} as const;

export const legendProps = { wrapperStyle: { fontSize: 12, color: "var(--muted)" } } as const;

/** The run id at the position a chart reports for a click (Recharts' active index), if any. */
export function runAtIndex(data: readonly { runId: string }[], activeIndex: unknown): string | undefined {
  if (activeIndex === null || activeIndex === undefined || activeIndex === "") return undefined;
  const index = Number(activeIndex);
  return Number.isInteger(index) ? data[index]?.runId : undefined;
}
