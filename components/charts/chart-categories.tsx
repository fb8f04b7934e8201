"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CATEGORY_LABELS } from "@/lib/domain/vocabulary";
import { axisTick, gridStroke, legendProps, tooltipProps } from "./chart-style";
import { ChartTable } from "./chart-table";
import { useRunClick } from "./use-run-click";
import { categoryTotal, presentCategories, type CategoryDatum } from "./map-overview";

/** Non-passing results per run, stacked by cause; with `runHref`, clicking a run opens it. */
export function ChartCategories({ data, runHref }: { data: CategoryDatum[]; runHref?: (runId: string) => string }) {
  const runClick = useRunClick(data, runHref);
  const categories = presentCategories(data);
  return (
    <>
      <div className={`h-72 ${runClick.className}`} data-testid="chart-categories">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart
            data={data}
            margin={{ top: 10, right: 16, bottom: 0, left: -20 }}
            onClick={runClick.onClick}
          >
            <CartesianGrid stroke={gridStroke} vertical={false} />
            <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} />
            <Tooltip {...tooltipProps} labelFormatter={(label, payload) => `${String(payload?.[0]?.payload?.runKey ?? "")} · ${String(label)}`} />
            <Legend {...legendProps} />
            {categories.map((category) => (
              <Area
                key={category}
                type="monotone"
                dataKey={category}
                name={CATEGORY_LABELS[category]}
                stackId="1"
                stroke={`var(--cat-${category})`}
                fill={`var(--cat-${category})`}
                fillOpacity={0.7}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption="Non-passing results per run by cause, newest first."
        rows={data}
        runHref={runHref}
        runLabel={(d) => d.runKey}
        columns={[
          { header: "Date", cell: (d) => d.label },
          ...categories.map((category) => ({ header: CATEGORY_LABELS[category], numeric: true, cell: (d: CategoryDatum) => d[category].toLocaleString("en-US") })),
          { header: "Total", numeric: true, cell: (d) => categoryTotal(d).toLocaleString("en-US") },
        ]}
      />
    </>
  );
}
