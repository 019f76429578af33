import { describe, expect, it } from "vitest";
import { directRoutes, matchDirectRoute } from "./direct-routes";

// Which requests the app server answers itself: exactly the chat POST, so every
// other path and method keeps Next's behaviour (405s, trailing-slash redirects).

const routes = directRoutes(() => undefined);

describe("matchDirectRoute", () => {
  it("takes the chat POST, with the slug decoded, with or without a query string", () => {
    expect(matchDirectRoute(routes, "POST", "/api/workspaces/acme/chat")?.params).toEqual({ slug: "acme" });
    expect(matchDirectRoute(routes, "POST", "/api/workspaces/a%2Db/chat?x=1")?.params).toEqual({
      slug: "a-b",
    });
  });

  it("leaves everything else to Next", () => {
    for (const [method, url] of [
      ["GET", "/api/workspaces/acme/chat"],
      ["HEAD", "/api/workspaces/acme/chat"],
      ["POST", "/api/workspaces/acme/chat/"],
      ["POST", "/api/workspaces/acme/chats"],
      ["POST", "/api/workspaces/acme/b/chat"],
      ["POST", "/api/workspaces//chat"],
      ["POST", "/api/v1/chat"],
      ["POST", "/w/acme/chat"],
      // A malformed escape: Next answers it as it would without the direct route.
      ["POST", "/api/workspaces/%E0%A4%A/chat"],
      [undefined, "/api/workspaces/acme/chat"],
      ["POST", undefined],
    ] as const) {
      expect(matchDirectRoute(routes, method, url), `${method} ${url}`).toBeNull();
    }
  });
});
