// Light and dark themes: the reader's choice (localStorage) or, without one, the OS preference.
// The same rule runs twice: as an inline script before the first paint (no flash of the wrong
// theme) and in the header toggle.
export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export type ThemeChoice = Theme | "system";

export const THEME_STORAGE_KEY = "greenboard-theme";

/** The stored choice, read defensively: anything unknown means "follow the OS". */
export function parseThemeChoice(stored: string | null | undefined): ThemeChoice {
  return stored === "light" || stored === "dark" ? stored : "system";
}

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): Theme {
  if (choice === "system") return prefersDark ? "dark" : "light";
  return choice;
}

/**
 * Runs in <head> before the body paints. Self-contained (no imports at run time), and it never
 * throws: storage can be blocked, and then the OS preference still applies.
 */
export const THEME_SCRIPT = `(function(){try{var s=null;try{s=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})}catch(e){}var d=s==="dark"||(s!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var c=document.documentElement.classList;c.toggle("dark",d);c.toggle("light",!d)}catch(e){}})();`;
