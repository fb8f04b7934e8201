"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { uploadFile, type UploadOutcome } from "@/components/upload/upload-file";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatBytes, formatPercent, plural } from "@/lib/domain/format";
import { queryKeys } from "@/lib/query/keys";

interface QueuedFile {
  id: number;
  file: File;
  state: "queued" | "uploading" | "done" | "failed";
  progress: number;
  outcome?: UploadOutcome;
}

const inputClass = "w-full rounded-lg border border-border bg-card px-3 py-2 text-sm shadow-sm outline-none focus:border-green-500 focus:ring-2 focus:ring-green-500/20";

function FileRow({ slug, item }: { slug: string; item: QueuedFile }) {
  const outcome = item.outcome;
  return (
    <li className="px-5 py-3" data-testid="upload-row" data-state={item.state}>
      <div className="flex items-center justify-between gap-4">
        <div className="min-w-0">
          <p className="truncate font-mono text-sm font-medium">{item.file.name}</p>
          <p className="text-xs text-muted">{formatBytes(item.file.size)}</p>
        </div>
        <div className="shrink-0 text-right text-sm">
          {item.state === "queued" && <span className="text-muted">Waiting…</span>}
          {item.state === "uploading" && <span className="tabular-nums text-muted">{item.progress < 1 ? `${Math.round(item.progress * 100)} %` : "Processing…"}</span>}
          {outcome?.ok && (
            <span className="flex items-center gap-2" data-testid="upload-result">
              {outcome.body.uploads.every((u) => u.duplicate) ? (
                <Badge tone="neutral" title="The run already had this exact file: nothing was counted twice">duplicate</Badge>
              ) : (
                <Badge tone="green">stored</Badge>
              )}
              <span className="tabular-nums text-muted">{plural(outcome.body.uploads.reduce((n, u) => n + u.tests, 0), "test")}</span>
            </span>
          )}
          {outcome && !outcome.ok && <Badge tone="red">{outcome.problem.status || "failed"}</Badge>}
        </div>
      </div>
      <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={`Upload of ${item.file.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(item.progress * 100)}>
        <div
          className={`h-full rounded-full transition-[width] duration-200 ${item.state === "failed" ? "bg-red-500" : item.state === "done" ? "bg-green-500" : "bg-green-400"} ${item.state === "uploading" && item.progress >= 1 ? "animate-pulse" : ""}`}
          style={{ width: `${item.state === "failed" ? 100 : Math.round(item.progress * 100)}%` }}
        />
      </div>
      {outcome?.ok && (
        <p className="mt-2 text-xs text-muted">
          Run{" "}
          <Link href={`/p/${slug}/runs/${outcome.body.run.id}`} className="font-medium text-green-700 hover:underline">{outcome.body.run.runKey}</Link>
          {" "}· {outcome.body.run.status === "complete" ? "complete" : "open"} · {plural(outcome.body.run.tests, "test")} · pass rate {formatPercent(outcome.body.run.passRate)}
          {outcome.body.uploads.flatMap((u) => u.notes).map((note) => <span key={note} className="block text-amber-700">{note}</span>)}
        </p>
      )}
      {outcome && !outcome.ok && (
        <p className="mt-2 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800" role="alert" data-testid="upload-problem">
          <span className="font-medium">{outcome.problem.title}:</span> {outcome.problem.detail}
        </p>
      )}
    </li>
  );
}

export function UploadClient({ slug, projectName, defaultBranch, initialRunKey }: { slug: string; projectName: string; defaultBranch: string; initialRunKey: string }) {
  const queryClient = useQueryClient();
  const [runKey, setRunKey] = useState(initialRunKey);
  const [branch, setBranch] = useState(defaultBranch);
  const [commit, setCommit] = useState("");
  const [complete, setComplete] = useState(true);
  const [queue, setQueue] = useState<QueuedFile[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextId = useRef(1);
  const busy = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  // Files dropped while an upload is running join the same loop.
  const pendingAfter = useRef<QueuedFile[]>([]);

  const update = (id: number, patch: Partial<QueuedFile>) => setQueue((q) => q.map((item) => (item.id === id ? { ...item, ...patch } : item)));

  /** Uploads queued files one after another into the same run; the last one completes it when asked to. */
  const pump = useCallback(
    async (pending: QueuedFile[]) => {
      if (busy.current) return;
      busy.current = true;
      let items = pending;
      while (items.length > 0) {
        const [item, ...rest] = items;
        if (!item) break;
        update(item.id, { state: "uploading", progress: 0 });
        const outcome = await uploadFile(
          `/api/v1/projects/${encodeURIComponent(slug)}/uploads`,
          item.file,
          { runKey, branch: branch.trim() || undefined, commit: commit.trim() || undefined, completed: complete && rest.length === 0 && pendingAfter.current.length === 0 },
          (progress) => update(item.id, { progress }),
        );
        update(item.id, { state: outcome.ok ? "done" : "failed", progress: 1, outcome });
        items = [...rest, ...pendingAfter.current.splice(0)];
      }
      busy.current = false;
      // The event stream updates open pages too; this makes the current tab's cache fresh at once.
      for (const queryKey of queryKeys.live(slug)) void queryClient.invalidateQueries({ queryKey });
    },
    [slug, runKey, branch, commit, complete, queryClient],
  );
  const addFiles = (files: FileList | File[]) => {
    const added = [...files].map((file) => ({ id: nextId.current++, file, state: "queued" as const, progress: 0 }));
    if (added.length === 0) return;
    setQueue((q) => [...q, ...added]);
    if (busy.current) pendingAfter.current.push(...added);
    else void pump(added);
  };

  const done = queue.filter((q) => q.outcome?.ok).length;
  const failed = queue.filter((q) => q.state === "failed").length;

  return (
    <main className="mx-auto max-w-4xl px-6 py-8">
      <p className="text-sm text-muted">{projectName}</p>
      <h1 className="text-2xl font-semibold tracking-tight">Upload reports</h1>
      <p className="mt-1 text-sm text-muted">JUnit XML files (or .gz, .zip, .tar.gz archives of them) go into one run. CI should use <code className="font-mono text-xs">greenboard upload</code> with a token instead.</p>

      <Card className="mt-6">
        <div className="grid gap-4 sm:grid-cols-3">
          <label className="grid gap-1.5 text-sm">
            <span className="font-medium">Run key</span>
            <input value={runKey} onChange={(e) => setRunKey(e.target.value)} maxLength={200} className={`${inputClass} font-mono`} data-testid="upload-run-key" />
          </label>
          <label className="grid gap-1.5 text-sm">
            <span className="font-medium">Branch</span>
            <input value={branch} onChange={(e) => setBranch(e.target.value)} maxLength={200} className={`${inputClass} font-mono`} />
          </label>
          <label className="grid gap-1.5 text-sm">
            <span className="font-medium">Commit <span className="font-normal text-muted">(optional)</span></span>
            <input value={commit} onChange={(e) => setCommit(e.target.value)} maxLength={100} placeholder="sha" className={`${inputClass} font-mono`} />
          </label>
        </div>
        <label className="mt-4 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={complete} onChange={(e) => setComplete(e.target.checked)} className="size-4 accent-green-600" />
          Complete the run after the last file (computes missing tests and the diff to the previous run)
        </label>

        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            addFiles(e.dataTransfer.files);
          }}
          className={`mt-5 flex flex-col items-center justify-center rounded-xl border-2 border-dashed px-6 py-12 text-center transition-colors ${dragging ? "border-green-500 bg-green-50" : "border-slate-300 bg-slate-50/60"}`}
          data-testid="dropzone"
        >
          <svg width="32" height="32" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" className="text-slate-400" aria-hidden="true">
            <path d="M12 16V4M7 9l5-5 5 5M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
          </svg>
          <p className="mt-3 text-sm font-medium">Drop report files here</p>
          <p className="mt-1 text-sm text-muted">
            or{" "}
            <button type="button" onClick={() => inputRef.current?.click()} className="font-medium text-green-700 underline-offset-2 hover:underline">
              choose files
            </button>
          </p>
          <input
            ref={inputRef}
            type="file"
            multiple
            className="sr-only"
            aria-label="Choose report files"
            data-testid="file-input"
            onChange={(e) => {
              if (e.target.files) addFiles(e.target.files);
              e.target.value = "";
            }}
          />
        </div>
      </Card>

      {queue.length > 0 && (
        <Card className="mt-6" title="Files" action={<span className="text-xs text-muted">{done} stored{failed ? ` · ${failed} failed` : ""} · {queue.length} in all</span>}>
          <ul className="-mx-5 -mb-5 divide-y divide-border border-t border-border" data-testid="upload-list">
            {queue.map((item) => <FileRow key={item.id} slug={slug} item={item} />)}
          </ul>
        </Card>
      )}
    </main>
  );
}
