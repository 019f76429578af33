import { sql } from "kysely";
import { noticeParts } from "../../chat/notice";
import { type Database, getDb } from "../../db/client";
import type { Tx } from "../../db/rls";
import { enqueueDelivery } from "../deliver";
import { guessLanguage, type Language } from "../guess-language";
import { storeInbound } from "../inbound";
import type { MediaType } from "./schemas";

/** What the customer is told when they send something other than text, in their language. */
const REPLY: Record<Language, { text: string; noun: Record<MediaType, string> }> = {
  en: {
    text: "Thanks! I can only read text messages here, so I could not open {noun}. Please write your question as a text message.",
    noun: {
      image: "an image",
      audio: "an audio message",
      video: "a video",
      document: "a document",
      sticker: "a sticker",
      location: "a location",
      contacts: "a contact card",
    },
  },
  es: {
    text: "¡Gracias! Aquí solo puedo leer mensajes de texto, así que no pude abrir {noun}. Por favor, escribe tu pregunta en un mensaje de texto.",
    noun: {
      image: "una imagen",
      audio: "un audio",
      video: "un video",
      document: "un documento",
      sticker: "un sticker",
      location: "una ubicación",
      contacts: "un contacto",
    },
  },
  pt: {
    text: "Obrigado! Aqui só consigo ler mensagens de texto, então não consegui abrir {noun}. Por favor, escreva sua pergunta em uma mensagem de texto.",
    noun: {
      image: "uma imagem",
      audio: "um áudio",
      video: "um vídeo",
      document: "um documento",
      sticker: "uma figurinha",
      location: "uma localização",
      contacts: "um contato",
    },
  },
};

/** The English sentence, for the docs and tests. */
export const MEDIA_REPLY = REPLY.en.text.replace("{noun}", "that");

export function mediaReplyText(type: MediaType, language: Language = "en"): string {
  const r = REPLY[language];
  return r.text.replace("{noun}", r.noun[type]);
}

export interface MediaInbound {
  inboxId: string;
  workspaceId: string;
  externalMessageId: string;
  /** The customer's wa_id: conversations.external_ref and contact_ref. */
  from: string;
  contactName?: string;
  mediaType: MediaType;
  /** The stored placeholder, e.g. "[image] this one". */
  text: string;
  receivedAt: Date;
}

/**
 * A media message, in one transaction: claimed by its wamid like any inbound
 * message (a redelivery is a duplicate and changes nothing), stored in the
 * customer's conversation as a placeholder, and — when the bot handles the
 * conversation — answered with a fixed reply saying only text is understood,
 * without a model call (the agent cannot see the media, and a model guessing
 * at "[image]" answers worse than a plain sentence). When people handle the
 * conversation they see the placeholder and answer themselves. The reply is
 * in the customer's language as far as it can be told (lib/channels/guess-language.ts).
 */
export async function receiveMedia(
  m: MediaInbound,
  db: Database = getDb(),
): Promise<{ duplicate: boolean; conversationId: string; replied: boolean }> {
  return db.transaction().execute(async (tx) => {
    // Stored like any incoming message (no model reply is queued for it).
    const r = await storeInbound(
      tx,
      {
        inboxId: m.inboxId,
        workspaceId: m.workspaceId,
        externalMessageId: m.externalMessageId,
        externalConversationRef: m.from,
        contact: { ref: m.from, name: m.contactName },
        text: m.text,
        receivedAt: m.receivedAt,
      },
      { queueReply: false },
    );
    if (r.duplicate || !r.conversationId) return { duplicate: true, conversationId: "", replied: false };
    const conversationId = r.conversationId;
    if (r.handledBy !== "bot" || !r.botCanAnswer) return { duplicate: false, conversationId, replied: false };
    const language = guessLanguage(await recentCustomerTexts(tx, m.workspaceId, conversationId), m.from);
    const text = mediaReplyText(m.mediaType, language);
    const reply = await tx
      .insertInto("messages")
      .values({
        workspace_id: m.workspaceId,
        conversation_id: conversationId,
        role: "assistant",
        status: "complete",
        parts: JSON.stringify(noticeParts(text, "media")),
        agent_id: sql<
          string | null
        >`(select c.agent_id from public.conversations c where c.id = ${conversationId})`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueueDelivery(tx, {
      workspaceId: m.workspaceId,
      inboxId: m.inboxId,
      conversationId,
      messageId: reply.id,
      kind: "message",
      payload: { text },
    });
    return { duplicate: false, conversationId, replied: true };
  });
}

/** The customer's last few text messages, newest first (a media message's placeholder is "[image] …"). */
async function recentCustomerTexts(db: Tx, workspaceId: string, conversationId: string): Promise<string[]> {
  const { rows } = await sql<{ text: string | null }>`
    select (select string_agg(p ->> 'text', ' ') from jsonb_array_elements(m.parts) p where p ->> 'type' = 'text') as text
      from public.messages m
     where m.workspace_id = ${workspaceId} and m.conversation_id = ${conversationId} and m.role = 'user'
     order by m.message_index desc limit 10`.execute(db);
  return rows.map((r) => (r.text ?? "").replace(/^\[[a-z]+\]\s*/, ""));
}
