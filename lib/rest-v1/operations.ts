import { z } from "zod";
import type { ApiKeyGroup } from "../api-keys/schema";
import {
  type HttpMethod as ContractMethod,
  accessFor as contractAccessFor,
  type Operation,
} from "../contract/operation";
import { allOperations } from "../contract/published";
import { conversationIdSchema, updateConversationInput } from "../conversations/schema";
import {
  conversationSchema,
  messageSchema,
  v1ChatInput,
  v1ListConversationsQuery,
  v1ListMessagesQuery,
} from "./schemas";

export type HttpMethod = ContractMethod;

/** One /api/v1 endpoint as the OpenAPI document describes it. */
export interface V1Operation {
  method: HttpMethod;
  /** OpenAPI form, relative to /api/v1: `/agents/{id}`. */
  path: string;
  /** Undefined for public endpoints (the document itself). */
  group?: ApiKeyGroup;
  summary: string;
  description?: string;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: { status: 200 | 201; description: string; schema: z.ZodType };
}

export const accessFor = contractAccessFor;

/** A contract operation (lib/<domain>/contract.ts) as /api/v1 serves and documents it. */
export function v1Operation(op: Operation): V1Operation {
  if (!op.v1) throw new Error(`${op.id} is not served on /api/v1`);
  return {
    method: op.method,
    path: op.v1.path,
    group: op.v1.group,
    summary: op.summary,
    description: op.description,
    params: op.params?.shape as Record<string, z.ZodType> | undefined,
    query: op.query,
    body: op.body,
    response: { status: op.status, description: op.outputDescription, schema: op.output },
  };
}

/** Contract operations served on /api/v1. */
const contractOps: V1Operation[] = allOperations.filter((op) => op.v1).map(v1Operation);

const conversationParams = { id: conversationIdSchema };

const conversationOps: V1Operation[] = [
  {
    method: "get",
    path: "/conversations",
    group: "conversations",
    summary: "List conversations",
    description: "Most recently active first; pass `nextCursor` back as `cursor` for older ones.",
    query: v1ListConversationsQuery,
    response: {
      status: 200,
      description: "A page of conversations.",
      schema: z.object({ conversations: z.array(conversationSchema), nextCursor: z.string().nullable() }),
    },
  },
  {
    method: "get",
    path: "/conversations/{id}",
    group: "conversations",
    summary: "Get a conversation",
    params: conversationParams,
    response: {
      status: 200,
      description: "The conversation.",
      schema: z.object({ conversation: conversationSchema }),
    },
  },
  {
    method: "patch",
    path: "/conversations/{id}",
    group: "conversations",
    summary: "Update a conversation",
    description: "Any of title, status and tags (tags replace the whole set).",
    params: conversationParams,
    body: updateConversationInput,
    response: {
      status: 200,
      description: "The updated conversation.",
      schema: z.object({ conversation: conversationSchema }),
    },
  },
  {
    method: "get",
    path: "/conversations/{id}/messages",
    group: "conversations",
    summary: "List a conversation's messages",
    description: "The last `limit` messages before `before` (a message index), oldest first.",
    params: conversationParams,
    query: v1ListMessagesQuery,
    response: {
      status: 200,
      description: "A page of messages.",
      schema: z.object({
        messages: z.array(messageSchema),
        hasMore: z.boolean(),
        before: z.int().nullable(),
      }),
    },
  },
];

const chatOps: V1Operation[] = [
  {
    method: "post",
    path: "/chat",
    group: "chat",
    summary: "Send a message to an agent and wait for the reply",
    description:
      "Omit `conversationId` to start a new conversation. Answers when the reply is stored. " +
      "A model failure is not an HTTP error: it is stored on the reply as `message.error`.",
    body: v1ChatInput,
    response: {
      status: 200,
      description: "The stored assistant message and its text.",
      schema: z.object({ conversationId: z.uuid(), message: messageSchema, text: z.string() }),
    },
  },
];

const publicOps: V1Operation[] = [
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    response: {
      status: 200,
      description: "The OpenAPI 3.1 description of /api/v1.",
      schema: z.looseObject({ openapi: z.string() }),
    },
  },
];

export const v1Operations: V1Operation[] = [...conversationOps, ...chatOps, ...contractOps, ...publicOps];
