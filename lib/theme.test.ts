import { describe, expect, it } from "vitest";
import { parseThemeChoice, resolveTheme, THEME_SCRIPT, THEME_STORAGE_KEY } from "./theme";

describe("theme", () => {
  it.each([
    ["light", "light"],
    ["dark", "dark"],
    [null, "system"],
    ["", "system"],
    ["purple", "system"],
  ] as const)("reads the stored choice %s as %s", (stored, choice) => {
    expect(parseThemeChoice(stored)).toBe(choice);
  });

  it.each([
    ["system", false, "light"],
    ["system", true, "dark"],
    ["light", true, "light"],
    ["dark", false, "dark"],
  ] as const)("choice %s with the OS preferring dark=%s is %s", (choice, prefersDark, theme) => {
    expect(resolveTheme(choice, prefersDark)).toBe(theme);
  });

  it.each([
    ["dark", false, true],
    ["light", true, false],
    [null, true, true],
    [null, false, false],
  ] as const)("the pre-paint script with %s stored and OS dark=%s sets dark=%s", (stored, prefersDark, isDark) => {
    const classes = new Set<string>();
    const document = { documentElement: { classList: { toggle: (name: string, on: boolean) => (on ? classes.add(name) : classes.delete(name)) } } };
    const localStorage = { getItem: (key: string) => (key === THEME_STORAGE_KEY ? stored : null) };
    const window = { matchMedia: () => ({ matches: prefersDark }) };
    new Function("document", "localStorage", "window", THEME_SCRIPT)(document, localStorage, window);
    expect(classes.has("dark")).toBe(isDark);
    expect(classes.has("light")).toBe(!isDark);
  });
});
