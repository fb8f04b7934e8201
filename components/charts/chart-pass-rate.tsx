"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisTick, gridStroke, tooltipProps } from "./chart-style";
import { ChartTable } from "./chart-table";
import { useRunClick } from "./use-run-click";
import type { PassRateDatum } from "./map-overview";

const percentCell = (value: number | null) => (value === null ? "—" : `${value.toFixed(1)} %`);

/**
 * Pass rate per run with the project's target line; open runs drawn dashed as provisional.
 * With `runHref`, clicking anywhere over a run's position opens it (and the table links to it).
 */
export function ChartPassRate({ data, target, runHref }: { data: PassRateDatum[]; target: number; runHref?: (runId: string) => string }) {
  const runClick = useRunClick(data, runHref);
  const targetPercent = Math.round(target * 1000) / 10;
  return (
    <>
      <div className={`h-72 ${runClick.className}`} data-testid="chart-pass-rate">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 10, right: 16, bottom: 0, left: -12 }}
            onClick={runClick.onClick}
          >
            <CartesianGrid stroke={gridStroke} vertical={false} />
            <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={axisTick} tickLine={false} axisLine={false} />
            <Tooltip
              {...tooltipProps}
              formatter={(value, name) => [`${String(value)} %`, name === "provisional" ? "Pass rate (in progress)" : "Pass rate"]}
              labelFormatter={(label, payload) => `${String(payload?.[0]?.payload?.runKey ?? "")} · ${String(label)}`}
            />
            <ReferenceLine y={targetPercent} stroke="var(--target)" strokeDasharray="6 4" label={{ value: `Target ${targetPercent}%`, position: "insideTopRight", fill: "var(--target)", fontSize: 12 }} />
            <Line type="monotone" dataKey="passRate" stroke="var(--accent)" strokeWidth={2.5} dot={{ r: 2.5 }} connectNulls isAnimationActive={false} />
            <Line type="monotone" dataKey="provisional" stroke="var(--accent)" strokeDasharray="4 4" dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption={`Pass rate per run, newest first; the target is ${targetPercent} %.`}
        rows={data}
        runHref={runHref}
        runLabel={(d) => d.runKey}
        columns={[
          { header: "Date", cell: (d) => d.label },
          { header: "Pass rate", numeric: true, cell: (d) => (d.provisional !== null ? `${percentCell(d.provisional)} (in progress)` : percentCell(d.passRate)) },
        ]}
      />
    </>
  );
}
