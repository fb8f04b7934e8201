"use client";

import { useSyncExternalStore } from "react";
import { parseThemeChoice, resolveTheme, THEME_STORAGE_KEY, type ThemeChoice } from "@/lib/theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";
const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system";
  }
}

/** Puts the theme on <html> (the inline script in app/layout.tsx did it once before paint). */
function applyTheme(choice: ThemeChoice = readChoice()) {
  const theme = resolveTheme(choice, window.matchMedia(DARK_QUERY).matches);
  document.documentElement.classList.toggle("dark", theme === "dark");
  document.documentElement.classList.toggle("light", theme === "light");
}

function subscribe(onChange: () => void) {
  const media = window.matchMedia(DARK_QUERY);
  // Following the OS means following it live, and another tab's choice applies here too.
  const update = () => {
    applyTheme();
    onChange();
  };
  listeners.add(onChange);
  media.addEventListener("change", update);
  window.addEventListener("storage", update);
  return () => {
    listeners.delete(onChange);
    media.removeEventListener("change", update);
    window.removeEventListener("storage", update);
  };
}

function choose(choice: ThemeChoice) {
  try {
    if (choice === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage blocked: the choice still applies to this page.
  }
  applyTheme(choice);
  for (const listener of listeners) listener();
}

const OPTIONS: { choice: ThemeChoice; label: string; icon: string }[] = [
  { choice: "system", label: "System theme", icon: "M3 5h18v11H3zM8 20h8M12 16v4" },
  { choice: "light", label: "Light theme", icon: "M12 3v2M12 19v2M5 12H3M21 12h-2M6.3 6.3 4.9 4.9M19.1 19.1l-1.4-1.4M6.3 17.7l-1.4 1.4M19.1 4.9l-1.4 1.4M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z" },
  { choice: "dark", label: "Dark theme", icon: "M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" },
];

/** System / light / dark, remembered in this browser; "system" follows the OS setting. */
export function ThemeToggle() {
  const current = useSyncExternalStore(subscribe, readChoice, () => "system" as const);
  return (
    <div role="group" aria-label="Theme" className="inline-flex rounded-lg border border-border bg-background p-0.5" data-testid="theme-toggle">
      {OPTIONS.map((option) => {
        const active = option.choice === current;
        return (
          <button
            key={option.choice}
            type="button"
            aria-pressed={active}
            aria-label={option.label}
            title={option.label}
            data-theme-choice={option.choice}
            onClick={() => choose(option.choice)}
            className={`inline-flex size-7 items-center justify-center rounded-md transition-colors ${active ? "bg-card text-foreground shadow-sm ring-1 ring-border" : "text-muted hover:text-foreground"}`}
          >
            <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d={option.icon} />
            </svg>
          </button>
        );
      })}
    </div>
  );
}
