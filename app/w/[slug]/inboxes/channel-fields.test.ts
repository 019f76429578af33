import { describe, expect, it } from "vitest";
import { channelSettingsSchemas } from "@/lib/channels/settings";
import { splitValues, toBody, valuesOf } from "./channel-fields";
import type { Inbox } from "./types";

describe("channel form values", () => {
  it("turn into settings the server's schema accepts, secrets apart", () => {
    const { settings, secrets } = splitValues("whatsapp", {
      phoneNumberId: " 106540352242922 ",
      graphBaseUrl: "",
      templates: "order_update en_US\n\n welcome es ",
      access_token: "EAAG",
      app_secret: "",
      verify_token: "phrase",
    });
    expect(settings).toEqual({
      phoneNumberId: "106540352242922",
      templates: [
        { name: "order_update", language: "en_US" },
        { name: "welcome", language: "es" },
      ],
    });
    expect(secrets).toEqual({ access_token: "EAAG", verify_token: "phrase" });
    expect(channelSettingsSchemas.whatsapp.safeParse(settings).success).toBe(true);
  });

  it("round-trip an existing inbox's settings; secrets start empty and an edit sends only typed ones", () => {
    const inbox = {
      channel: "widget",
      settings: { allowedOrigins: ["https://a.example", "https://b.example"], color: "#112233" },
      secrets: { visitor_signing_key: "••••abcd" },
    } as unknown as Inbox;
    const values = valuesOf(inbox, "widget");
    expect(values).toEqual({
      allowedOrigins: "https://a.example\nhttps://b.example",
      title: "",
      welcome: "",
      color: "#112233",
    });
    const body = toBody({ channel: "widget", name: "W", agentId: null, botEnabled: true, values }, inbox);
    expect(body).toEqual({
      name: "W",
      agentId: null,
      botEnabled: true,
      settings: { allowedOrigins: ["https://a.example", "https://b.example"], color: "#112233" },
    });
  });

  it("send a required field empty so the server names it", () => {
    expect(splitValues("chatwoot", { baseUrl: "", accountId: "", api_token: "" }).settings).toEqual({
      baseUrl: "",
      accountId: undefined,
    });
  });
});
