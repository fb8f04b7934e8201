"use client";

import { useState, type FormEvent } from "react";
import { OneTimeLink, roleField } from "@/components/auth/invite-link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/auth/roles";
import { useMembers, useProjectInvite, useRemoveMember, useSetMember } from "@/lib/query/access";

const ROLE_HINTS: Record<ProjectRole, string> = {
  viewer: "reads dashboards",
  member: "triages failures, uploads in the browser",
  admin: "teams, rules, tokens, members, deleting runs",
};

export function MembersClient({ slug }: { slug: string }) {
  const { data, error } = useMembers(slug);
  const setMember = useSetMember(slug);
  const remove = useRemoveMember(slug);
  const invite = useProjectInvite(slug);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<ProjectRole>("member");
  const [inviteRole, setInviteRole] = useState<ProjectRole>("member");
  const [inviteEmail, setInviteEmail] = useState("");

  const add = (e: FormEvent) => {
    e.preventDefault();
    setMember.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail("") });
  };
  const createInvite = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ role: inviteRole, email: inviteEmail.trim() || undefined });
  };

  return (
    <div className="grid gap-6">
      <Card title="Members">
        <p className="mb-3 text-sm text-muted">
          {PROJECT_ROLES.map((r) => `${r}: ${ROLE_HINTS[r]}`).join(" · ")}. Instance admins are admins of every project.
        </p>
        {error && <p role="alert" className="text-sm text-danger">{error.message}</p>}
        <table className="w-full text-sm" data-testid="members">
          <thead className="text-left text-xs text-muted">
            <tr><th className="py-2 font-medium">Name</th><th className="font-medium">E-mail</th><th className="font-medium">Role</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {data?.members.length === 0 && (
              <tr><td colSpan={4} className="py-3 text-muted">No members yet: add an account below or create an invite link.</td></tr>
            )}
            {data?.members.map((m) => (
              <tr key={m.userId} className="border-t border-border">
                <td className="py-2">{m.name}</td>
                <td>{m.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${m.email}`}
                    className={roleField}
                    value={m.role}
                    disabled={setMember.isPending}
                    onChange={(e) => setMember.mutate({ email: m.email, role: e.target.value as ProjectRole })}
                  >
                    {PROJECT_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                  </select>
                </td>
                <td className="text-right">
                  <Button variant="secondary" className="px-3! py-1!" disabled={remove.isPending} onClick={() => remove.mutate(m.userId)}>Remove</Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {(setMember.error ?? remove.error) && <p role="alert" className="mt-2 text-sm text-danger">{(setMember.error ?? remove.error)?.message}</p>}
        <form onSubmit={add} className="mt-4 flex flex-wrap items-end gap-2 border-t border-border pt-4 text-sm">
          <label className="grid flex-1 gap-1">
            <span className="font-medium">Add an existing account</span>
            <input type="email" required placeholder="name@company.com" className={roleField} value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Role</span>
            <select className={roleField} value={role} onChange={(e) => setRole(e.target.value as ProjectRole)}>
              {PROJECT_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
          <Button type="submit" disabled={setMember.isPending || !email.trim()}>Add</Button>
        </form>
      </Card>
      <Card title="Invite someone new">
        <p className="mb-3 text-sm text-muted">Greenboard sends no e-mail: create a link and hand it over. It creates one account with this role, and works once within 7 days.</p>
        <form onSubmit={createInvite} className="flex flex-wrap items-end gap-2 text-sm">
          <label className="grid flex-1 gap-1">
            <span className="font-medium">For e-mail (optional)</span>
            <input type="email" placeholder="anyone with the link" className={roleField} value={inviteEmail} onChange={(e) => setInviteEmail(e.target.value)} />
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Invite role</span>
            <select className={roleField} value={inviteRole} onChange={(e) => setInviteRole(e.target.value as ProjectRole)}>
              {PROJECT_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
          <Button type="submit" disabled={invite.isPending}>Create invite link</Button>
        </form>
        {invite.error && <p role="alert" className="mt-2 text-sm text-danger">{invite.error.message}</p>}
        {invite.data && (
          <div className="mt-3">
            <OneTimeLink url={invite.data.url} testId="invite-link" note={`Shown once. Valid until ${new Date(invite.data.expiresAt).toLocaleString()}.`} />
          </div>
        )}
      </Card>
    </div>
  );
}
