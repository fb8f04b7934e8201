// Request bodies of the account and membership endpoints (validated here, documented in OpenAPI).
import { z } from "zod";
import { PROJECT_ROLES } from "./access";

export const MemberInput = z.object({ email: z.email().trim().toLowerCase(), role: z.enum(PROJECT_ROLES) }).strict();
export const ProjectInviteInput = z.object({ email: z.email().trim().toLowerCase().optional(), role: z.enum(PROJECT_ROLES) }).strict();
export const AccountInviteInput = z
  .object({
    email: z.email().trim().toLowerCase().optional(),
    instanceAdmin: z.boolean().default(false),
    projectSlug: z.string().min(1).optional(),
    role: z.enum(PROJECT_ROLES).optional(),
  })
  .strict();
export const AccountPatch = z.object({ instanceAdmin: z.boolean() }).strict();

const Role = z.enum(PROJECT_ROLES);
export const Member = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: Role, instanceAdmin: z.boolean() });
export const InviteLink = z.object({ url: z.string(), expiresAt: z.string() });
export const Account = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  instanceAdmin: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  projects: z.array(z.object({ slug: z.string(), role: Role })),
});
