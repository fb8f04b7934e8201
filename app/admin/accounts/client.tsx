"use client";

import { useState, type FormEvent } from "react";
import { OneTimeLink, roleField } from "@/components/auth/invite-link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/auth/roles";
import { useAccountInvite, useAccounts, useDeleteAccount, useResetLink, useSetInstanceAdmin } from "@/lib/query/access";

export function AccountsClient({ me, projects }: { me: string; projects: { slug: string; name: string }[] }) {
  const { data, error } = useAccounts();
  const invite = useAccountInvite();
  const setAdmin = useSetInstanceAdmin();
  const remove = useDeleteAccount();
  const reset = useResetLink();
  const [email, setEmail] = useState("");
  const [instanceAdmin, setInstanceAdmin] = useState(false);
  const [project, setProject] = useState("");
  const [role, setRole] = useState<ProjectRole>("member");
  const failure = error ?? setAdmin.error ?? remove.error ?? reset.error;

  const createInvite = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email: email.trim() || undefined, instanceAdmin, projectSlug: project || undefined, role: project ? role : undefined });
  };

  return (
    <div className="mt-6 grid gap-6">
      <Card title={`Accounts (${data?.accounts.length ?? 0})`}>
        {failure && <p role="alert" className="mb-2 text-sm text-danger">{failure.message}</p>}
        {reset.data && (
          <div className="mb-3">
            <OneTimeLink url={reset.data.url} testId="reset-link" note={`Password-reset link for ${reset.data.email}: shown once, valid for a day. Using it signs out their sessions.`} />
          </div>
        )}
        <table className="w-full text-sm" data-testid="accounts">
          <thead className="text-left text-xs text-muted">
            <tr><th className="py-2 font-medium">Account</th><th className="font-medium">Projects</th><th className="font-medium">Last seen</th><th className="font-medium">Instance admin</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {data?.accounts.map((a) => (
              <tr key={a.id} className="border-t border-border align-top">
                <td className="py-2"><div className="font-medium">{a.name}</div><div className="text-xs text-muted">{a.email}</div></td>
                <td className="py-2 text-xs">{a.projects.length ? a.projects.map((p) => `${p.slug} (${p.role})`).join(", ") : <span className="text-muted">none</span>}</td>
                <td className="py-2 text-xs text-muted">{a.lastSeenAt ? new Date(a.lastSeenAt).toLocaleString() : "never"}</td>
                <td className="py-2">
                  <input
                    type="checkbox"
                    aria-label={`${a.email} is instance admin`}
                    checked={a.instanceAdmin}
                    disabled={setAdmin.isPending}
                    onChange={(e) => setAdmin.mutate({ userId: a.id, instanceAdmin: e.target.checked })}
                  />
                </td>
                <td className="flex justify-end gap-2 py-2">
                  <Button variant="secondary" className="px-3! py-1!" disabled={reset.isPending} onClick={() => reset.mutate(a.id)}>Reset link</Button>
                  {a.id !== me && (
                    <Button
                      variant="secondary"
                      className="px-3! py-1!"
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(`Delete the account ${a.email}? Their sessions end at once.`)) remove.mutate(a.id);
                      }}
                    >
                      Delete
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Invite someone">
        <p className="mb-3 text-sm text-muted">No e-mail is sent: create a link (one use, 7 days) and hand it over.</p>
        <form onSubmit={createInvite} className="flex flex-wrap items-end gap-3 text-sm">
          <label className="grid flex-1 gap-1">
            <span className="font-medium">For e-mail (optional)</span>
            <input type="email" className={roleField} placeholder="anyone with the link" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Project (optional)</span>
            <select className={roleField} value={project} onChange={(e) => setProject(e.target.value)}>
              <option value="">none</option>
              {projects.map((p) => <option key={p.slug} value={p.slug}>{p.name}</option>)}
            </select>
          </label>
          {project && (
            <label className="grid gap-1">
              <span className="font-medium">Role</span>
              <select className={roleField} value={role} onChange={(e) => setRole(e.target.value as ProjectRole)}>
                {PROJECT_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </label>
          )}
          <label className="flex items-center gap-2 pb-2">
            <input type="checkbox" checked={instanceAdmin} onChange={(e) => setInstanceAdmin(e.target.checked)} /> Instance admin
          </label>
          <Button type="submit" disabled={invite.isPending}>Create invite link</Button>
        </form>
        {invite.error && <p role="alert" className="mt-2 text-sm text-danger">{invite.error.message}</p>}
        {invite.data && <div className="mt-3"><OneTimeLink url={invite.data.url} testId="account-invite-link" note="Shown once." /></div>}
      </Card>
      <Card title="Account changes">
        <ol className="grid gap-1 text-sm" data-testid="account-events">
          {data?.events.length === 0 && <li className="text-muted">Nothing yet.</li>}
          {data?.events.map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-2">
              <time className="text-xs text-muted" dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
              <span className="font-medium">{e.actor}</span>
              <span>{e.action}</span>
              {e.target && <span className="text-muted">{e.target}</span>}
              {e.note && <span className="text-muted">({e.note})</span>}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
