export {
  assertConversationId,
  deleteConversation,
  findConversation,
  getConversation,
  renameConversation,
  setConversationStatus,
  setConversationTags,
  startConversation,
  updateConversation,
} from "./conversations";
export { likePattern, listConversations } from "./list";
export { listMessages } from "./messages";
export * from "./schema";
export { type MessageMatch, type SearchMessagesQuery, searchMessages, searchMessagesQuery } from "./search";
