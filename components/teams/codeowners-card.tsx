"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { CodeownersMapping, TeamView } from "@/lib/db/ownership";
import { useImportCodeowners, usePreviewCodeowners, type QueuedOwnershipJob } from "@/lib/query/teams";
import { FIELD } from "./fields";

const encode = (m: CodeownersMapping) => (typeof m === "string" ? m : `team:${m.teamId}`);
const decode = (v: string): CodeownersMapping => (v === "ignore" || v === "create" ? v : { teamId: v.slice("team:".length) });

/** CODEOWNERS import in two steps: paste or upload the file and preview it, then map each owner to a team and import. */
export function CodeownersCard({ slug, teams, onJob }: { slug: string; teams: TeamView[]; onJob: (job: QueuedOwnershipJob | null) => void }) {
  const preview = usePreviewCodeowners(slug);
  const importFile = useImportCodeowners(slug);
  const [content, setContent] = useState("");
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<"append" | "replace">("append");
  const [done, setDone] = useState<string | null>(null);

  const runPreview = (text: string) => {
    setDone(null);
    importFile.reset();
    preview.mutate(text, { onSuccess: (result) => setMapping(Object.fromEntries(result.owners.map((o) => [o.handle, encode(o.suggestion)]))) });
  };

  return (
    <Card title="Import CODEOWNERS">
      <p className="-mt-2 mb-3 text-sm text-muted">
        Each line becomes a path rule. GitHub lets the last matching line win, so the lines are added last first; a line without owners (or whose owners are all
        ignored) un-owns what it matches, as on GitHub. With several owners on a line, the first one mapped to a team takes it.
      </p>
      <div className="grid gap-3 text-sm">
        <label className="grid gap-1.5">
          <span className="font-medium">CODEOWNERS content</span>
          <textarea className={`${FIELD} font-mono`} rows={6} value={content} onChange={(e) => setContent(e.target.value)} placeholder={"# .github/CODEOWNERS\n/tests/integration/  @acme/platform\n*.py                 @acme/python"} data-testid="codeowners-content" />
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <label className="text-sm">
            <span className="sr-only">CODEOWNERS file</span>
            <input
              type="file"
              onChange={(e) => {
                void e.target.files?.[0]?.text().then((text) => {
                  setContent(text);
                  runPreview(text);
                });
              }}
            />
          </label>
          <Button type="button" variant="secondary" disabled={preview.isPending || !content.trim()} onClick={() => runPreview(content)}>
            {preview.isPending ? "Reading…" : "Preview"}
          </Button>
        </div>
        {preview.error && <p role="alert" className="text-danger">{preview.error.message}</p>}
        {preview.data && (
          <>
            <p>
              {preview.data.entries.length} pattern line{preview.data.entries.length === 1 ? "" : "s"}, {preview.data.owners.length} owner{preview.data.owners.length === 1 ? "" : "s"}.
            </p>
            {preview.data.problems.length > 0 && (
              <ul className="list-disc pl-5 text-xs text-amber-800">
                {preview.data.problems.map((p) => <li key={p.line}>Line {p.line}: {p.message}</li>)}
              </ul>
            )}
            {preview.data.owners.length > 0 && (
              <table className="w-full text-left text-sm">
                <thead className="text-xs text-muted"><tr><th className="py-1 font-medium">Owner</th><th className="py-1 font-medium">Lines</th><th className="py-1 font-medium">Team</th></tr></thead>
                <tbody className="divide-y divide-border">
                  {preview.data.owners.map((owner) => (
                    <tr key={owner.handle}>
                      <td className="py-1.5 pr-3 font-mono text-xs">{owner.handle}</td>
                      <td className="py-1.5 pr-3 tabular-nums">{owner.lines}</td>
                      <td className="py-1.5">
                        <select aria-label={`Team for ${owner.handle}`} className={FIELD} value={mapping[owner.handle] ?? "ignore"} onChange={(e) => setMapping({ ...mapping, [owner.handle]: e.target.value })}>
                          <option value="create">Create a team “{owner.handle}”</option>
                          <option value="ignore">Ignore (its lines own nothing)</option>
                          {teams.map((t) => <option key={t.id} value={`team:${t.id}`}>{t.name}</option>)}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="flex flex-wrap items-center gap-3">
              <select aria-label="Import mode" className={FIELD} value={mode} onChange={(e) => setMode(e.target.value as "append" | "replace")}>
                <option value="append">Add after the existing rules</option>
                <option value="replace">Replace the existing path rules</option>
              </select>
              <Button
                type="button"
                disabled={importFile.isPending || preview.data.entries.length === 0}
                onClick={() =>
                  importFile.mutate(
                    { content, mode, mapping: Object.fromEntries(Object.entries(mapping).map(([handle, value]) => [handle, decode(value)])) },
                    {
                      onSuccess: (result) => {
                        onJob(result.job);
                        setDone(`Imported ${result.rules.length} path rules${result.createdTeams.length > 0 ? ` and created ${result.createdTeams.length} teams` : ""}.`);
                        preview.reset();
                        setContent("");
                      },
                    },
                  )
                }
              >
                {importFile.isPending ? "Importing…" : "Import"}
              </Button>
            </div>
          </>
        )}
        {importFile.error && <p role="alert" className="text-danger">{importFile.error.message}</p>}
        {done && <p role="status" className="text-green-700">{done}</p>}
      </div>
    </Card>
  );
}
