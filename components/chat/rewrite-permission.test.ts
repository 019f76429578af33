import { describe, expect, it } from "vitest";
import { canRewriteConversation } from "./rewrite-permission";

// The same rule as public.truncate_conversation (lib/chat/rewrite-permissions.integration.test.ts
// checks the server's side): the chat shows edit and regenerate only where they would be accepted.

const me = "11111111-1111-4111-8111-111111111111";
const someoneElse = "22222222-2222-4222-8222-222222222222";

describe("canRewriteConversation", () => {
  it.each([
    ["owner", someoneElse, true],
    ["admin", someoneElse, true],
    ["admin", null, true],
    ["member", me, true],
    ["member", someoneElse, false],
    ["member", null, false],
    ["viewer", me, false],
    ["viewer", someoneElse, false],
  ] as const)("%s, conversation started by %s: %s", (role, startedBy, allowed) => {
    expect(canRewriteConversation({ role, userId: me }, startedBy)).toBe(allowed);
  });
});
