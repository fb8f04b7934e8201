// The account form (setup page, invite page): validation shared by their server actions.
import { AccountInput } from "./accounts";

export type AccountFormState = { status: "idle" } | { status: "error"; message: string; fieldErrors?: Record<string, string> } | { status: "created"; email: string };

export function readAccountForm(form: FormData): { ok: true; data: AccountInput } | { ok: false; state: AccountFormState } {
  const parsed = AccountInput.safeParse({ name: form.get("name"), email: form.get("email"), password: form.get("password") });
  if (!parsed.success) {
    return {
      ok: false,
      state: { status: "error", message: "Please check the highlighted fields.", fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) },
    };
  }
  if (form.get("password") !== form.get("confirm")) return { ok: false, state: { status: "error", message: "The passwords differ.", fieldErrors: { confirm: "Does not match" } } };
  return { ok: true, data: parsed.data };
}
