// better-auth's endpoints (sign-in, sign-out, session, password reset, OpenID Connect callback).
// Sign-up is disabled: accounts come from the setup page, invite links and `greenboard user create`.
import { getAuth } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

const handle = async (request: Request) => (await getAuth()).handler(request);

export const GET = handle;
export const POST = handle;
