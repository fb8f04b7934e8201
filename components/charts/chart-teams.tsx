"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisTick, gridStroke, legendProps, tooltipProps } from "./chart-style";
import { ChartTable } from "./chart-table";
import { useRunClick } from "./use-run-click";
import type { TeamDatum } from "./map-overview";

const CAPTIONS = {
  passRate: "Pass rate of each team's tests per run, newest first.",
  openGroups: "Open failure groups of each team per run, newest first.",
} as const;

/** One line per team: its pass rate (percent) or its open failure groups (burndown). */
export function ChartTeams({
  data,
  teams,
  metric,
  runHref,
}: {
  data: TeamDatum[];
  teams: { id: string; name: string; color: string }[];
  metric: "passRate" | "openGroups";
  runHref?: (runId: string) => string;
}) {
  const runClick = useRunClick(data, runHref);
  const format = (value: number | string | null | undefined) =>
    value === null || value === undefined ? "—" : metric === "passRate" ? `${Number(value).toFixed(1)} %` : String(value);
  return (
    <>
      <div className={`h-64 ${runClick.className}`} data-testid={`chart-teams-${metric}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 10, right: 16, bottom: 0, left: -12 }}
            onClick={runClick.onClick}
          >
            <CartesianGrid stroke={gridStroke} vertical={false} />
            <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis
              domain={metric === "passRate" ? [0, 100] : [0, "auto"]}
              allowDecimals={false}
              tickFormatter={(v: number) => (metric === "passRate" ? `${v}%` : String(v))}
              tick={axisTick}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip
              {...tooltipProps}
              formatter={(value, name) => [format(value as number | null), String(name)]}
              labelFormatter={(label, payload) => `${String(payload?.[0]?.payload?.runKey ?? "")} · ${String(label)}`}
            />
            <Legend {...legendProps} />
            {teams.map((team) => (
              <Line key={team.id} type="monotone" dataKey={team.id} name={team.name} stroke={team.color} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption={CAPTIONS[metric]}
        rows={data}
        runHref={runHref}
        runLabel={(d) => d.runKey}
        columns={[{ header: "Date", cell: (d) => d.label }, ...teams.map((team) => ({ header: team.name, numeric: true, cell: (d: TeamDatum) => format(d[team.id]) }))]}
      />
    </>
  );
}
