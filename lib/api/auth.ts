import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "./errors";
import { verifyApiToken } from "./tokens";

/** The project an upload token speaks for. */
export interface TokenProject {
  tokenId: string;
  /** The token's visible prefix: audit entries name the actor `token:<prefix>`. */
  tokenPrefix: string;
  projectId: string;
  projectSlug: string;
}

/** Reads `Authorization: Bearer <token>` and resolves the token's project, or throws a 401 ApiError. */
export async function authenticateProjectToken(prisma: PrismaClient, request: Request): Promise<TokenProject> {
  const header = request.headers.get("authorization");
  if (!header) throw new ApiError("unauthorized", "Send the project's upload token as `Authorization: Bearer <token>`");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new ApiError("unauthorized", "The Authorization header must be `Bearer <token>`");
  const verified = await verifyApiToken(prisma, match[1]);
  // One message for unknown, malformed and revoked tokens: the difference is no business of the caller.
  if (!verified) throw new ApiError("unauthorized", "The token is not valid or has been revoked");
  const token = await prisma.apiToken.findUniqueOrThrow({
    where: { id: verified.tokenId },
    select: { prefix: true, project: { select: { slug: true } } },
  });
  return { tokenId: verified.tokenId, tokenPrefix: token.prefix, projectId: verified.projectId, projectSlug: token.project.slug };
}

/** A `project` named in the request must be the token's own: a token never writes elsewhere. */
export function assertTokenProject(auth: Pick<TokenProject, "projectSlug">, requestedSlug: string | undefined): void {
  if (requestedSlug !== undefined && requestedSlug !== auth.projectSlug) {
    throw new ApiError("forbidden", `This token belongs to project "${auth.projectSlug}" and cannot upload to "${requestedSlug}"`, {
      project: requestedSlug,
    });
  }
}
