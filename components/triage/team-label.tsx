import type { TeamRef } from "@/lib/db/triage";

export function TeamLabel({ team }: { team: Pick<TeamRef, "name" | "color"> | null }) {
  if (!team) return <span className="text-muted">Unassigned</span>;
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="size-2.5 shrink-0 rounded-sm" style={{ background: team.color }} aria-hidden="true" />
      {team.name}
    </span>
  );
}
