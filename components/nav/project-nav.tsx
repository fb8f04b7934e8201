"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ProjectRole } from "@/lib/auth/roles";

const ITEMS = [
  { label: "Overview", path: "", icon: "M3 12h4l3-8 4 16 3-8h4" },
  { label: "Runs", path: "/runs", icon: "M4 6h16M4 12h16M4 18h10" },
  { label: "Triage", path: "/triage", icon: "M3 5h18l-7 8v6l-4 2v-8z" },
  { label: "Tests", path: "/tests", icon: "M9 3h6M10 3v6L4.5 18.5A1.7 1.7 0 0 0 6 21h12a1.7 1.7 0 0 0 1.5-2.5L14 9V3M7 15h10" },
  { label: "Upload", path: "/upload", icon: "M12 16V4M7 9l5-5 5 5M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" },
  { label: "Settings", path: "/settings", icon: "M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4" },
] as const;

/** The project's sections; the current one (or the parent of a detail page) is highlighted. */
export function ProjectNav({ slug, role }: { slug: string; role: ProjectRole | null }) {
  const pathname = usePathname();
  const base = `/p/${slug}`;
  return (
    <nav className="mt-6 grid gap-0.5 text-sm" aria-label="Project">
      {ITEMS.filter((item) => (item.path === "/settings" ? role === "admin" : item.path === "/upload" ? role === "admin" || role === "member" : true)).map((item) => {
        const href = `${base}${item.path}`;
        const active = item.path === "" ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={item.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`flex items-center gap-2.5 rounded-md px-3 py-2 transition-colors ${active ? "bg-slate-100 font-medium text-foreground" : "text-muted hover:bg-slate-50 hover:text-foreground"}`}
          >
            <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d={item.icon} />
            </svg>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
