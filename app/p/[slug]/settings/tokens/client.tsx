"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDate, formatDateTime, timeAgo } from "@/lib/domain/format";
import { useCreateToken, useRevokeToken, useTokens } from "@/lib/query/settings";

function NewToken({ token, onDone }: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-lg border border-green-200 bg-green-50 p-4" role="status">
      <p className="text-sm font-medium text-green-900">Copy the token now: it is shown only this once.</p>
      <div className="mt-2 flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded-md border border-green-200 bg-card px-3 py-2 font-mono text-xs" data-testid="new-token">{token}</code>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(token).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>Done</Button>
      </div>
      <p className="mt-2 text-xs text-green-800">Store it as a CI secret (e.g. <code className="font-mono">GREENBOARD_TOKEN</code>) and send it as <code className="font-mono">Authorization: Bearer …</code>.</p>
    </div>
  );
}

export function TokensClient({ slug, now }: { slug: string; now: number }) {
  const { data, error } = useTokens(slug);
  const create = useCreateToken(slug);
  const revoke = useRevokeToken(slug);
  const [name, setName] = useState("");
  const [shown, setShown] = useState<string | null>(null);

  return (
    <div className="grid gap-6">
      <Card title="Create a token">
        <p className="-mt-2 mb-4 text-sm text-muted">Upload tokens let CI send reports to this project. Only a hash is stored, so a lost token cannot be shown again: revoke it and create another.</p>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(name, {
              onSuccess: ({ token }) => {
                setShown(token.token);
                setName("");
              },
            });
          }}
        >
          <label className="grid min-w-64 flex-1 gap-1.5 text-sm">
            <span className="font-medium">Name</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. GitHub Actions – main pipeline"
              maxLength={100}
              required
              className="rounded-lg border border-border bg-card px-3 py-2 text-sm shadow-sm outline-none focus:border-green-500 focus:ring-2 focus:ring-green-500/20"
            />
          </label>
          <Button type="submit" disabled={create.isPending || !name.trim()}>{create.isPending ? "Creating…" : "Create token"}</Button>
        </form>
        {create.error && <p role="alert" className="mt-2 text-sm text-danger">{create.error.message}</p>}
        {shown && <div className="mt-4"><NewToken token={shown} onDone={() => setShown(null)} /></div>}
      </Card>

      <Card title="Tokens">
        {error && <p className="text-danger">Could not load the tokens: {error.message}</p>}
        {!data && !error && <p className="text-muted">Loading…</p>}
        {data && data.tokens.length === 0 && <p className="py-6 text-center text-sm text-muted">No tokens yet. Create one above to upload from CI.</p>}
        {data && data.tokens.length > 0 && (
          <div className="-mx-5 -mb-5 overflow-x-auto">
            <table className="w-full text-sm" data-testid="tokens-table">
              <thead>
                <tr className="border-y border-border text-left text-xs uppercase tracking-wide text-muted">
                  <th className="py-2.5 pl-5 pr-3 font-medium">Name</th>
                  <th className="px-3 py-2.5 font-medium">Token</th>
                  <th className="px-3 py-2.5 font-medium">Created</th>
                  <th className="px-3 py-2.5 font-medium">Last used</th>
                  <th className="py-2.5 pl-3 pr-5 text-right font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {data.tokens.map((t) => (
                  <tr key={t.id} className={t.revokedAt ? "text-muted" : ""} data-testid="token-row" data-prefix={t.prefix}>
                    <td className="py-3 pl-5 pr-3 font-medium">{t.name}</td>
                    <td className="px-3 py-3 font-mono text-xs">gb_{t.prefix}_…</td>
                    <td className="px-3 py-3 whitespace-nowrap" title={formatDateTime(t.createdAt)}>{formatDate(t.createdAt)}</td>
                    <td className="px-3 py-3 whitespace-nowrap">{t.lastUsedAt ? <span title={formatDateTime(t.lastUsedAt)}>{timeAgo(t.lastUsedAt, now)}</span> : <span className="text-muted">never</span>}</td>
                    <td className="py-3 pl-3 pr-5 text-right">
                      {t.revokedAt ? (
                        <Badge tone="neutral" title={`Revoked ${formatDateTime(t.revokedAt)}`}>revoked</Badge>
                      ) : (
                        <button
                          type="button"
                          onClick={() => {
                            if (window.confirm(`Revoke "${t.name}" (gb_${t.prefix}_…)? Uploads using it will fail with 401.`)) revoke.mutate(t.id);
                          }}
                          className="rounded-md px-2 py-1 text-sm font-medium text-danger hover:bg-red-50"
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {revoke.error && <p role="alert" className="mt-6 text-sm text-danger">{revoke.error.message}</p>}
      </Card>
    </div>
  );
}
