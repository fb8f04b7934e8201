import type { Projection } from "@/lib/domain/eta";

export function ProjectionNote({ projection }: { projection: Projection }) {
  const text =
    projection.kind === "reached"
      ? "Target reached"
      : projection.kind === "eta"
        ? `At this pace: target by ${new Date(projection.date).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}`
        : projection.kind === "not-converging"
          ? "Not converging: the trend over the last 10 runs is flat or falling"
          : "Not enough completed runs for a projection";
  return <span className="text-xs text-muted" data-testid="projection">{text}</span>;
}
