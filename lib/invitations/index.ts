export {
  acceptInvitation,
  createInvitation,
  listInvitations,
  revokeInvitation,
} from "./invitations";
export * from "./schema";
