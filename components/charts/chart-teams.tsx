"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TeamDatum } from "./map-overview";

/** One line per team: its pass rate (percent) or its open failure groups (burndown). */
export function ChartTeams({ data, teams, metric }: { data: TeamDatum[]; teams: { id: string; name: string; color: string }[]; metric: "passRate" | "openGroups" }) {
  return (
    <div className="h-64" data-testid={`chart-teams-${metric}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 10, right: 16, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "var(--muted)" }} tickLine={false} axisLine={false} minTickGap={24} />
          <YAxis
            domain={metric === "passRate" ? [0, 100] : [0, "auto"]}
            allowDecimals={false}
            tickFormatter={(v: number) => (metric === "passRate" ? `${v}%` : String(v))}
            tick={{ fontSize: 12, fill: "var(--muted)" }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {teams.map((team) => (
            <Line key={team.id} type="monotone" dataKey={team.id} name={team.name} stroke={team.color} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
