import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@/components/api/types";
import { describeAuditEntry, detailPairs } from "./audit-describe";

const entry = (action: string, details: Record<string, unknown>): AuditEntry =>
  ({
    id: "1",
    action,
    targetType: action.split(".")[0] ?? "",
    targetId: null,
    details,
    createdAt: "2026-12-04T00:00:00Z",
    actor: { id: "u1", email: "ada@example.test", displayName: null },
  }) as AuditEntry;

describe("describeAuditEntry for configuration changes", () => {
  it.each([
    [
      "agent.updated",
      { name: "Support bot", changed: ["model", "temperature"] },
      "ada@example.test updated the agent “Support bot”: model, temperature",
    ],
    ["agent.created", { name: "Support bot" }, "ada@example.test created the agent “Support bot”"],
    ["agent.deleted", { name: "Support bot" }, "ada@example.test deleted the agent “Support bot”"],
    [
      "provider_connection.updated",
      { name: "Gateway", changed: ["base_url", "api_key"], key_changed: true },
      "ada@example.test updated the model provider “Gateway”: base URL, API key",
    ],
    [
      "provider_connection.updated",
      { name: "Gateway", changed: ["api_key"], key_removed: true },
      "ada@example.test removed the API key of the model provider “Gateway”",
    ],
    [
      "model_price.updated",
      { provider: "openai", model: "gpt-4o", changes: {} },
      "ada@example.test changed the price of openai/gpt-4o",
    ],
    [
      "product.updated",
      { sku: "AUD-1", name: "Mug", changed: ["price", "stock"] },
      "ada@example.test updated the product AUD-1 “Mug”: price, stock",
    ],
    [
      "conversation.deleted",
      { title: "Refund", messages: 4 },
      "ada@example.test deleted the conversation “Refund” (4 messages)",
    ],
    [
      "conversation.updated",
      { title: "Refund", changed: ["status", "tags"], changes: {} },
      "ada@example.test changed the conversation “Refund”: status, tags",
    ],
    [
      "conversation.truncated",
      { removed: 1, from_index: 4 },
      "ada@example.test removed 1 message from the conversation “untitled” (edit or regenerate)",
    ],
  ])("%s %j", (action, details, sentence) => {
    expect(describeAuditEntry(entry(action, details))).toBe(sentence);
  });

  it("marks a change made with an API key", () => {
    expect(describeAuditEntry(entry("agent.created", { name: "Bot", api_key_id: "k1" }))).toBe(
      "ada@example.test created the agent “Bot” (with an API key)",
    );
  });

  it("flattens old and new values for the details column", () => {
    expect(detailPairs({ changes: { model: { from: "a", to: "b" } }, changed: ["model"] })).toEqual([
      ["changes.model.from", "a"],
      ["changes.model.to", "b"],
      ["changed", "model"],
    ]);
  });
});
