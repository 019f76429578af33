import { z } from "zod";
import type { ApiKeyGroup } from "../api-keys/schema";
import {
  type HttpMethod as ContractMethod,
  accessFor as contractAccessFor,
  type Operation,
} from "../contract/operation";
import { allOperations } from "../contract/published";

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

export const v1Operations: V1Operation[] = [...contractOps, ...publicOps];
