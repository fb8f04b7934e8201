"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Category } from "@/lib/domain/vocabulary";
import { gridStroke, smallAxisTick, tooltipProps } from "./chart-style";
import { ChartTable } from "./chart-table";
import { useRunClick } from "./use-run-click";
import type { GroupHistoryDatum } from "./map-group-history";

/** A failure group's occurrences per run (zeros included), in its category's colour; a bar opens its run. */
export function ChartGroupHistory({ data, category, runHref }: { data: GroupHistoryDatum[]; category: Category; runHref?: (runId: string) => string }) {
  const runClick = useRunClick(data, runHref);
  return (
    <>
      <div className={`h-48 ${runClick.className}`} data-testid="chart-group-history">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 6, right: 8, bottom: 0, left: -24 }}
            onClick={runClick.onClick}
          >
            <CartesianGrid stroke={gridStroke} vertical={false} />
            <XAxis dataKey="runKey" tick={smallAxisTick} tickLine={false} axisLine={false} minTickGap={16} />
            <YAxis allowDecimals={false} tick={smallAxisTick} tickLine={false} axisLine={false} />
            <Tooltip
              {...tooltipProps}
              cursor={{ fill: "var(--chart-cursor)" }}
              formatter={(value) => [String(value), "Occurrences"]}
              labelFormatter={(label, payload) => `${String(label)} · ${String(payload?.[0]?.payload?.label ?? "")}`}
            />
            <Bar dataKey="occurrences" fill={`var(--cat-${category})`} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption="Occurrences of this failure group per run, newest first."
        rows={data}
        runHref={runHref}
        runLabel={(d) => d.runKey}
        columns={[
          { header: "Date", cell: (d) => d.label },
          { header: "Occurrences", numeric: true, cell: (d) => d.occurrences.toLocaleString("en-US") },
        ]}
      />
    </>
  );
}
