"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CATEGORY_LABELS } from "@/lib/domain/vocabulary";
import { presentCategories, type CategoryDatum } from "./map-overview";

/** Non-passing results per run, stacked by cause. */
export function ChartCategories({ data }: { data: CategoryDatum[] }) {
  const categories = presentCategories(data);
  return (
    <div className="h-72" data-testid="chart-categories">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 10, right: 16, bottom: 0, left: -20 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "var(--muted)" }} tickLine={false} axisLine={false} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "var(--muted)" }} tickLine={false} axisLine={false} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
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
  );
}
