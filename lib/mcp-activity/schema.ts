import { z } from "zod";
import { pgText } from "../validation";

// Query strings send "" for a cleared filter; treat it as "no filter", not as a bad value.
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const mcpDirections = ["inbound", "outbound"] as const;
export const mcpStatuses = ["ok", "error"] as const;
export const mcpRanges = ["24h", "7d"] as const;
export type McpRange = (typeof mcpRanges)[number];

/** Filters shared by the list and the summary, so the numbers describe the rows shown. */
const filters = {
  direction: z.preprocess(blank, z.enum(mcpDirections).optional()),
  apiKeyId: z.preprocess(blank, z.uuid({ message: "Not a valid API key id." }).optional()),
  tool: z.preprocess(blank, pgText().trim().max(200).optional()),
};

export const listMcpCallsQuery = z
  .object({
    ...filters,
    status: z.preprocess(blank, z.enum(mcpStatuses).optional()),
    cursor: z.preprocess(blank, z.string().max(100).optional()),
    limit: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(50)),
  })
  .strict();
export type ListMcpCallsQuery = z.input<typeof listMcpCallsQuery>;

export const summarizeMcpCallsQuery = z
  .object({ ...filters, range: z.preprocess(blank, z.enum(mcpRanges).default("24h")) })
  .strict();
export type SummarizeMcpCallsQuery = z.input<typeof summarizeMcpCallsQuery>;
