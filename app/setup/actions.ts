"use server";

import { ApiError } from "@/lib/api/errors";
import { createAccount } from "@/lib/auth/accounts";
import { readAccountForm, type AccountFormState } from "@/lib/auth/account-form";
import { getPrisma } from "@/lib/db/client";

/** The first account of a fresh install becomes instance admin; afterwards this action refuses. */
export async function setupAction(_previous: AccountFormState, form: FormData): Promise<AccountFormState> {
  const read = readAccountForm(form);
  if (!read.ok) return read.state;
  try {
    await createAccount(await getPrisma(), read.data, { instanceAdmin: true, onlyIfFirst: true });
    return { status: "created", email: read.data.email };
  } catch (error) {
    if (error instanceof ApiError) return { status: "error", message: error.message };
    throw error;
  }
}
