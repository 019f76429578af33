import { registerAdapter } from "../adapters";

/**
 * The API channel: clients read replies from /api/v1 (or the response of
 * their own call), so there is nothing to push to a vendor.
 */
registerAdapter({
  channel: "api",
  async sendText() {
    return {};
  },
});
