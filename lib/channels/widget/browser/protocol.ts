/** The widget API's wire shapes, shared by the server (lib/channels/widget) and the iframe script. */

/** What the iframe page embeds for its script (a JSON data block, not code). */
export interface WidgetFrameConfig {
  publicKey: string;
  title: string;
  welcome: string | null;
  /** How a person from the team is named in the conversation. */
  teamLabel: string;
  maxMessageChars: number;
}

/** One message as the visitor sees it: text only; tool calls and internal parts never leave the server. */
export interface WidgetMessage {
  id: string;
  index: number;
  /** visitor: the visitor; bot: the agent; human: a member who replied from the Inbox. */
  role: "visitor" | "bot" | "human";
  text: string;
  createdAt: string;
  /** The id the widget chose when sending (visitor messages it sent). */
  clientId?: string;
}

/** Server-sent events of the send endpoint (bot replies) and of the live-updates endpoint. */
export type WidgetStreamEvent =
  | { event: "session"; data: { token: string; conversationId: string } }
  | { event: "stored"; data: WidgetMessage }
  | { event: "delta"; data: { text: string } }
  | { event: "done"; data: WidgetMessage }
  | { event: "error"; data: { code: string; message: string } }
  | { event: "change"; data: { conversationId: string } }
  | { event: "typing"; data: Record<string, never> }
  | { event: "ping"; data: { at: number } };
