"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PassRateDatum } from "./map-overview";

/**
 * Pass rate per run with the project's target line; open runs drawn dashed as provisional.
 * With `onSelectRun`, clicking anywhere over a run's position opens it.
 */
export function ChartPassRate({ data, target, onSelectRun }: { data: PassRateDatum[]; target: number; onSelectRun?: (runId: string) => void }) {
  return (
    <div className={`h-72 ${onSelectRun ? "[&_.recharts-surface]:cursor-pointer" : ""}`} data-testid="chart-pass-rate">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 10, right: 16, bottom: 0, left: -12 }}
          onClick={(state) => {
            const runId = state.activeIndex == null ? undefined : data[Number(state.activeIndex)]?.runId;
            if (runId && onSelectRun) onSelectRun(runId);
          }}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "var(--muted)" }} tickLine={false} axisLine={false} minTickGap={24} />
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 12, fill: "var(--muted)" }} tickLine={false} axisLine={false} />
          <Tooltip formatter={(value) => [`${String(value)} %`, "Pass rate"]} labelFormatter={(label, payload) => `${String(payload?.[0]?.payload?.runKey ?? "")} · ${String(label)}`} />
          <ReferenceLine y={target * 100} stroke="var(--target)" strokeDasharray="6 4" label={{ value: `Target ${target * 100}%`, position: "insideTopRight", fill: "var(--target)", fontSize: 12 }} />
          <Line type="monotone" dataKey="passRate" stroke="var(--accent)" strokeWidth={2.5} dot={{ r: 2.5 }} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="provisional" stroke="var(--accent)" strokeDasharray="4 4" dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
