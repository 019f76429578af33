import { z } from "zod";
import { iso, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { workspaceRoleSchema } from "../workspaces";
import { changeMemberRole, leaveWorkspace, listMembers, removeMember } from "./members";
import { changeRoleInput, type Member, userIdSchema } from "./schema";

/** The members' public contract: who belongs to a workspace, with which role, and the operations on that. */

// ---- Output shapes -------------------------------------------------------

export const memberOutput = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: workspaceRoleSchema,
  joinedAt: isoTimestamp,
});
export type MemberJson = z.infer<typeof memberOutput>;

export const membersOutput = z.object({
  members: z.array(memberOutput),
  /** The caller, so the page knows which row is theirs and what they may change. */
  me: z.object({ userId: z.uuid(), role: workspaceRoleSchema }),
});
export type MembersJson = z.infer<typeof membersOutput>;

export const memberRoleResult = z.object({
  member: z.object({ userId: z.uuid(), role: workspaceRoleSchema }),
});
export type ChangeRoleBody = z.input<typeof changeRoleInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeMember = (m: Member): MemberJson => ({
  userId: m.userId,
  email: m.email,
  displayName: m.displayName,
  role: m.role,
  joinedAt: iso(m.joinedAt),
});

// ---- Operations ----------------------------------------------------------

const memberParams = z.object({ userId: userIdSchema });

export const listMembersOp = defineOperation({
  id: "members.list",
  method: "get",
  summary: "List the workspace's members",
  output: membersOutput,
  outputDescription: "The members, oldest first, and the caller.",
  web: { path: "/members", role: "viewer" },
  async run(scope, _input, caller) {
    return {
      members: (await listMembers(scope)).map(serializeMember),
      me: { userId: scope.claims.sub, role: caller.role },
    };
  },
});

export const changeMemberRoleOp = defineOperation({
  id: "members.changeRole",
  method: "patch",
  summary: "Change a member's role",
  params: memberParams,
  body: changeRoleInput,
  output: memberRoleResult,
  outputDescription: "The member's new role.",
  web: { path: "/members/{userId}", role: "admin" },
  async run(scope, { params, body }) {
    return { member: await changeMemberRole(scope, params.userId, body) };
  },
});

export const removeMemberOp = defineOperation({
  id: "members.remove",
  method: "delete",
  summary: "Remove a member",
  description: "Anyone may remove themselves; removing others is for admins and owners (RLS decides).",
  params: memberParams,
  output: okOutput,
  outputDescription: "Removed.",
  web: { path: "/members/{userId}", role: "viewer" },
  async run(scope, { params }) {
    await removeMember(scope, params.userId);
    return OK;
  },
});

export const leaveWorkspaceOp = defineOperation({
  id: "members.leave",
  method: "post",
  summary: "Leave the workspace",
  output: okOutput,
  outputDescription: "The caller is no longer a member.",
  web: { path: "/leave", role: "viewer" },
  async run(scope) {
    await leaveWorkspace(scope);
    return OK;
  },
});

export const memberOperations = [listMembersOp, changeMemberRoleOp, removeMemberOp, leaveWorkspaceOp];
