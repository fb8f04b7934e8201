// A shields.io-style flat badge: "tests | 85.2 %", coloured by pass rate.

// Verdana 11px advance widths are approximated per character class; close enough for short labels.
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[ il.,:|!']/.test(char) ? 3.5 : /[mwMW%]/.test(char) ? 10 : /[A-Z0-9]/.test(char) ? 7.5 : 6.5;
  return Math.round(width);
}

/** shields.io's palette, from brightgreen at the target down to red. */
export function badgeColor(passRate: number | null, target = 1): string {
  if (passRate === null) return "#9f9f9f";
  if (passRate >= target) return "#4c1";
  if (passRate >= 0.9) return "#97ca00";
  if (passRate >= 0.75) return "#a4a61d";
  if (passRate >= 0.5) return "#dfb317";
  if (passRate >= 0.25) return "#fe7d37";
  return "#e05d44";
}

/** Rounded down, so 99.96 % never shows as 100.0 %. */
export function formatBadgeRate(passRate: number | null): string {
  return passRate === null ? "n/a" : `${(Math.floor(passRate * 1000) / 10).toFixed(1)} %`;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function passRateBadge(passRate: number | null, target = 1, label = "tests"): string {
  const value = formatBadgeRate(passRate);
  const left = textWidth(label) + 10;
  const right = textWidth(value) + 10;
  const width = left + right;
  const color = badgeColor(passRate, target);
  const [l, v] = [escapeXml(label), escapeXml(value)];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${l}: ${v}"><title>${l}: ${v}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${color}"/><rect width="${width}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="${left / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${left / 2}" y="14">${l}</text><text x="${left + right / 2}" y="15" fill="#010101" fill-opacity=".3">${v}</text><text x="${left + right / 2}" y="14">${v}</text></g></svg>`;
}
