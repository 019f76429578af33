export { changeMemberRole, leaveWorkspace, listMembers, removeMember } from "./members";
export * from "./schema";
