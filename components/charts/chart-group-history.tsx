"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { GroupHistoryPoint } from "@/lib/db/triage";
import type { Category } from "@/lib/domain/vocabulary";

/** A failure group's occurrences per run (zeros included), in its category's colour. */
export function ChartGroupHistory({ data, category }: { data: GroupHistoryPoint[]; category: Category }) {
  return (
    <div className="h-48" data-testid="chart-group-history">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: -24 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="runKey" tick={{ fontSize: 11, fill: "var(--muted)" }} tickLine={false} axisLine={false} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--muted)" }} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "rgba(148,163,184,0.15)" }} formatter={(value) => [String(value), "Occurrences"]} />
          <Bar dataKey="occurrences" fill={`var(--cat-${category})`} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
