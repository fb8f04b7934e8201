"use client";

import { useState } from "react";
import { CodeownersCard } from "@/components/teams/codeowners-card";
import { OwnershipJobProgress } from "@/components/teams/ownership-job";
import { OwnershipRulesCard } from "@/components/teams/ownership-rules-card";
import { TeamsCard } from "@/components/teams/teams-card";
import { Card } from "@/components/ui/card";
import { formatDateTime, timeAgo } from "@/lib/domain/format";
import { useOwnership, type QueuedOwnershipJob } from "@/lib/query/teams";

export function TeamsClient({ slug, now }: { slug: string; now: number }) {
  const { data, error } = useOwnership(slug);
  // The job a change here queued, else a recompute still running from before the page opened.
  const [jobId, setJobId] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const running = data?.job && (data.job.status === "queued" || data.job.status === "running") ? data.job.id : null;
  const shownJob = jobId ?? (running !== dismissed ? running : null);
  const onJob = (job: QueuedOwnershipJob | null) => {
    if (job) setJobId(job.id);
  };

  if (error) return <p className="text-danger">Could not load the teams: {error.message}</p>;
  if (!data) return <p className="text-muted">Loading…</p>;
  return (
    <div className="grid gap-6">
      <p className="text-sm text-muted">
        Teams own failure causes (categories) and test paths. Their pass rate and burndown on the overview count the tests they own; changing a rule reassigns failure
        groups and recomputes every run&apos;s team figures in the background.
      </p>
      {shownJob && (
        <OwnershipJobProgress
          slug={slug}
          jobId={shownJob}
          onClose={() => {
            setDismissed(shownJob);
            setJobId(null);
          }}
        />
      )}
      <TeamsCard slug={slug} teams={data.teams} onJob={onJob} />
      <OwnershipRulesCard slug={slug} teams={data.teams} rules={data.rules} precedence={data.precedence} onJob={onJob} />
      <CodeownersCard slug={slug} teams={data.teams} onJob={onJob} />
      <Card title="Recent changes">
        {data.events.length === 0 ? (
          <p className="text-sm text-muted">No changes to teams or ownership yet.</p>
        ) : (
          <ul className="divide-y divide-border text-sm">
            {data.events.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline gap-x-2 py-2">
                <span className="font-medium">{e.actor}</span>
                <code className="text-xs">{e.action}</code>
                <span className="min-w-0 flex-1 truncate text-muted" title={[e.fromValue, e.toValue, e.note].filter(Boolean).join(" — ")}>
                  {e.fromValue && e.toValue ? `${e.fromValue} → ${e.toValue}` : (e.toValue ?? e.fromValue)}
                  {e.note ? ` (${e.note})` : ""}
                </span>
                <time className="text-xs text-muted" dateTime={e.createdAt} title={formatDateTime(e.createdAt)}>{timeAgo(e.createdAt, now)}</time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
