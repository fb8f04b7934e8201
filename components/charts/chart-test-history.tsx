"use client";

import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { formatDuration } from "@/lib/domain/format";
import { gridStroke, smallAxisTick } from "./chart-style";
import { ChartTable } from "./chart-table";
import { useRunClick } from "./use-run-click";
import { RESULT_COLOURS, type TestHistoryDatum } from "./map-test-history";

function OutcomeDot(props: { cx?: number; cy?: number; payload?: TestHistoryDatum }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload) return null;
  const colour = RESULT_COLOURS[payload.status];
  return (
    <g data-status={payload.status} className="test-history-dot">
      {payload.flaky && <circle cx={cx} cy={cy} r={8} fill="none" stroke="var(--warning)" strokeWidth={1.5} strokeDasharray="2 2" />}
      <circle cx={cx} cy={cy} r={4.5} fill={payload.provisional ? "var(--card)" : colour} stroke={colour} strokeWidth={2} />
    </g>
  );
}

function HistoryTooltip({ active, payload }: TooltipContentProps<ValueType, NameType>) {
  const datum = payload?.[0]?.payload as TestHistoryDatum | undefined;
  if (!active || !datum) return null;
  return (
    <div className="rounded-lg border border-border bg-card px-3 py-2 text-xs shadow-md">
      <p className="font-medium text-foreground">{datum.runKey}{datum.provisional ? " (in progress)" : ""}</p>
      <p className="mt-1 flex items-center gap-1.5">
        <span className="size-2 rounded-full" style={{ background: RESULT_COLOURS[datum.status] }} aria-hidden="true" />
        {datum.status}
        {datum.flaky && <span className="text-amber-700">· flaky (passed on retry)</span>}
      </p>
      <p className="mt-0.5 text-muted">{datum.duration === null ? "no duration" : formatDuration(datum.duration * 1000)}</p>
    </div>
  );
}

/**
 * One test across runs: its duration as a line, its outcome as a coloured dot per run (hollow while
 * the run is still open, ringed when it was flaky). With `runHref`, clicking a run opens it.
 */
export function ChartTestHistory({ data, runHref }: { data: TestHistoryDatum[]; runHref?: (runId: string) => string }) {
  const runClick = useRunClick(data, runHref);
  return (
    <>
      <div className={`h-64 ${runClick.className}`} data-testid="chart-test-history">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            margin={{ top: 12, right: 12, bottom: 0, left: -8 }}
            onClick={runClick.onClick}
          >
            <CartesianGrid stroke={gridStroke} vertical={false} />
            <XAxis dataKey="runKey" tick={smallAxisTick} tickLine={false} axisLine={false} minTickGap={20} />
            <YAxis tickFormatter={(v: number) => formatDuration(v * 1000)} tick={smallAxisTick} tickLine={false} axisLine={false} width={64} />
            <Tooltip content={HistoryTooltip} cursor={{ stroke: "var(--border)" }} />
            <Line type="monotone" dataKey="duration" stroke="var(--muted)" strokeWidth={1.5} dot={false} activeDot={false} connectNulls isAnimationActive={false} />
            <Line dataKey="dot" stroke="none" dot={(props: { cx?: number; cy?: number; payload?: TestHistoryDatum; index?: number }) => <OutcomeDot key={props.index} {...props} />} activeDot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption="This test's outcome and duration per run, newest first."
        rows={data}
        runHref={runHref}
        runLabel={(d) => d.runKey}
        columns={[
          { header: "Outcome", cell: (d) => `${d.status}${d.flaky ? " (flaky)" : ""}${d.provisional ? " · in progress" : ""}` },
          { header: "Duration", numeric: true, cell: (d) => (d.duration === null ? "—" : formatDuration(d.duration * 1000)) },
        ]}
      />
    </>
  );
}
