import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { THEME_SCRIPT } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Greenboard", template: "%s · Greenboard" },
  description: "Why your tests fail, whose they are, and how far you are from 100 % green.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The inline script sets the theme class before paint, so <html>'s class differs from the server's.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
