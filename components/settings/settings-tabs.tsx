"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { label: "General", path: "" },
  { label: "API tokens", path: "/tokens" },
  { label: "Rules", path: "/rules" },
  { label: "Teams", path: "/teams" },
  { label: "Members", path: "/members" },
  { label: "Audit log", path: "/audit" },
  { label: "Danger zone", path: "/danger" },
] as const;

export function SettingsTabs({ slug }: { slug: string }) {
  const pathname = usePathname();
  const base = `/p/${slug}/settings`;
  return (
    <nav aria-label="Settings" className="mt-5 flex gap-1 border-b border-border">
      {TABS.map((tab) => {
        const href = `${base}${tab.path}`;
        const active = tab.path === "" ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={tab.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 pb-2.5 pt-1 text-sm transition-colors ${active ? "border-foreground font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"} ${tab.path === "/danger" && !active ? "hover:text-danger" : ""}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
