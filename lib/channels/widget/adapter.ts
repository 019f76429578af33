import { registerAdapter } from "../adapters";

/**
 * The widget channel: the visitor's iframe reads replies (the bot's, a member's)
 * from the database through the widget API and its live updates, so delivering
 * one is already done. Nothing to push, no vendor to tell about a handoff.
 */
registerAdapter({
  channel: "widget",
  async sendText() {
    return {};
  },
});
