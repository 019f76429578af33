import { describe, expect, it } from "vitest";
import { breadcrumbTrail } from "./breadcrumb-trail";

const ws = { slug: "acme", name: "Acme" };
const id = "0b5c4c3e-6c1a-4d6e-9a43-2f1d8a7f0c11";
const labels = (path: string, name?: string) => breadcrumbTrail(path, ws, name).crumbs.map((c) => c.label);

describe("breadcrumb trail", () => {
  it("starts at the workspace; the current page has no link", () => {
    expect(breadcrumbTrail("/w/acme", ws).crumbs).toEqual([{ label: "Acme" }]);
    expect(breadcrumbTrail("/w/acme/inbox", ws).crumbs).toEqual([
      { label: "Acme", href: "/w/acme" },
      { label: "Inbox" },
    ]);
  });

  it("names nested settings pages under Settings", () => {
    expect(labels("/w/acme/settings/providers")).toEqual(["Acme", "Settings", "Providers"]);
    expect(labels("/w/acme/settings/api-keys")).toEqual(["Acme", "Settings", "API keys"]);
    expect(labels("/w/acme/settings")).toEqual(["Acme", "Settings"]);
  });

  it("walks into agents: new, one agent by name, its sub-pages", () => {
    expect(labels("/w/acme/agents/new")).toEqual(["Acme", "Agents", "New agent"]);
    expect(labels(`/w/acme/agents/${id}`, "Support bot")).toEqual(["Acme", "Agents", "Support bot"]);
    const edit = breadcrumbTrail(`/w/acme/agents/${id}/edit`, ws, "Support bot");
    expect(edit.agentId).toBe(id);
    expect(edit.crumbs.at(-2)).toEqual({ label: "Support bot", href: `/w/acme/agents/${id}` });
    expect(edit.crumbs.at(-1)).toEqual({ label: "Edit" });
  });

  it("stops at Agents on the chat, whose own header is the title", () => {
    const chat = breadcrumbTrail(`/w/acme/agents/${id}/chat`, ws, "Support bot");
    expect(chat.pageOwnsTitle).toBe(true);
    expect(chat.crumbs).toEqual([
      { label: "Acme", href: "/w/acme" },
      { label: "Agents", href: "/w/acme/agents" },
    ]);
  });

  it("an unknown path falls back to the workspace", () => {
    expect(labels("/w/acme/nope")).toEqual(["Acme"]);
    expect(labels("/w/acme/agents/not-a-uuid")).toEqual(["Acme", "Agents"]);
  });
});
