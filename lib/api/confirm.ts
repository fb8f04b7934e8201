import { z } from "zod";

/** The body of a destructive request: `{"confirm": "<the name being deleted>"}`, typed by the user in the dialog. */
export function Confirmation(expected: string, what: string) {
  return z.object({ confirm: z.literal(expected, { error: `Type the ${what} "${expected}" to confirm` }) }).strict();
}
