"use server";

import { ApiError } from "@/lib/api/errors";
import { readAccountForm, type AccountFormState } from "@/lib/auth/account-form";
import { acceptInvite } from "@/lib/auth/accounts";
import { getPrisma } from "@/lib/db/client";

export async function acceptInviteAction(token: string, _previous: AccountFormState, form: FormData): Promise<AccountFormState> {
  const read = readAccountForm(form);
  if (!read.ok) return read.state;
  try {
    await acceptInvite(await getPrisma(), token, read.data);
    return { status: "created", email: read.data.email };
  } catch (error) {
    if (error instanceof ApiError) return { status: "error", message: error.message };
    throw error;
  }
}
