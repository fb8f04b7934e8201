"use client";

import { useRouter } from "next/navigation";

export function ProjectSwitcher({ current, projects }: { current: string; projects: { slug: string; name: string }[] }) {
  const router = useRouter();
  return (
    <label className="grid gap-1 text-xs font-medium uppercase tracking-wide text-muted">
      Project
      <select
        value={current}
        onChange={(e) => router.push(`/p/${e.target.value}`)}
        className="rounded-lg border border-border bg-card px-2 py-2 text-sm normal-case tracking-normal text-foreground"
      >
        {projects.map((p) => (
          <option key={p.slug} value={p.slug}>{p.name}</option>
        ))}
      </select>
    </label>
  );
}
