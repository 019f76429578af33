import { z } from "zod";
import { iso, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { type AvailableModel, listAvailableModels } from "./available-models";
import {
  createProviderConnection,
  deleteProviderConnection,
  listProviderConnections,
  updateProviderConnection,
} from "./connections";
import { deletePriceOverride, listPrices, type PriceRow, upsertPrice, upsertPriceInput } from "./price-table";
import {
  createProviderConnectionInput,
  type ProviderConnectionView,
  type ProviderTestResult,
  providerConnectionIdSchema,
  providerKindSchema,
  updateProviderConnectionInput,
} from "./schema";
import { testProviderConnection } from "./test-connection";

/**
 * The model providers' public contract: what a provider connection, a model
 * price and a model choice look like on the wire, and the operations on them
 * (web API only: the settings pages and the agent form). A connection's API
 * key is encrypted at rest and never leaves the server: its shape carries the
 * masked hint and whether a key is stored, nothing else.
 */

// ---- Output shapes -------------------------------------------------------

export const providerConnectionOutput = z.object({
  id: z.uuid(),
  provider: providerKindSchema,
  name: z.string(),
  baseUrl: z.string().nullable(),
  models: z.array(z.string()),
  apiKeyHint: z.string().nullable().describe("The key's last characters, masked; null without a key"),
  hasApiKey: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type ProviderConnectionJson = z.infer<typeof providerConnectionOutput>;

export const providerTestOutput = z.object({
  ok: z.boolean(),
  latencyMs: z.int().min(0),
  error: z.string().optional().describe("What the provider answered, with anything key-like redacted"),
});
export type ProviderTestJson = z.infer<typeof providerTestOutput>;

export const priceOutput = z.object({
  provider: z.string(),
  model: z.string(),
  inputPerMillion: z.number(),
  outputPerMillion: z.number(),
  source: z.enum(["workspace", "default"]).describe("A workspace's override, or the instance default"),
  updatedAt: isoTimestamp,
});
export type PriceJson = z.infer<typeof priceOutput>;

export const availableModelOutput = z.object({
  id: z.string().describe('Stable option key: "openai:gpt-4o", "<connection id>:llama3", "offline"'),
  source: z.enum(["instance", "connection", "offline"]),
  provider: z.string(),
  modelId: z.string(),
  label: z.string(),
  providerConnectionId: z.uuid().nullable().describe("The agent's provider connection for this choice"),
  model: z.string().nullable().describe("The agent's model for this choice"),
  connectionName: z.string().optional(),
});
export type AvailableModelJson = z.infer<typeof availableModelOutput>;

export const providerConnectionResult = z.object({ connection: providerConnectionOutput });
export const providerConnectionList = z.object({ connections: z.array(providerConnectionOutput) });
export const priceList = z.object({ prices: z.array(priceOutput) });
export const priceResult = z.object({ price: priceOutput });
export const availableModelList = z.object({ models: z.array(availableModelOutput) });

/** Bodies, as the browser's forms send them. */
export type CreateProviderConnectionBody = z.input<typeof createProviderConnectionInput>;
export type UpdateProviderConnectionBody = z.input<typeof updateProviderConnectionInput>;
export type UpsertPriceBody = z.input<typeof upsertPriceInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeProviderConnection = (c: ProviderConnectionView): ProviderConnectionJson => ({
  id: c.id,
  provider: c.provider,
  name: c.name,
  baseUrl: c.baseUrl,
  models: c.models,
  apiKeyHint: c.apiKeyHint,
  hasApiKey: c.hasApiKey,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

export const serializeProviderTest = (r: ProviderTestResult): ProviderTestJson => ({
  ok: r.ok,
  latencyMs: r.latencyMs,
  ...(r.error === undefined ? {} : { error: r.error }),
});

export const serializePrice = (p: PriceRow): PriceJson => ({
  provider: p.provider,
  model: p.model,
  inputPerMillion: p.inputPerMillion,
  outputPerMillion: p.outputPerMillion,
  source: p.source,
  updatedAt: iso(p.updatedAt),
});

export const serializeAvailableModel = (m: AvailableModel): AvailableModelJson => ({
  id: m.id,
  source: m.source,
  provider: m.provider,
  modelId: m.modelId,
  label: m.label,
  providerConnectionId: m.providerConnectionId,
  model: m.model,
  ...(m.connectionName === undefined ? {} : { connectionName: m.connectionName }),
});

// ---- Operations ----------------------------------------------------------

const connectionParams = z.object({ id: providerConnectionIdSchema });

/** Which override DELETE /prices removes. */
export const deletePriceQuery = z
  .object({ provider: z.string().min(1).max(40), model: z.string().min(1).max(200) })
  .strict();

export const listProviderConnectionsOp = defineOperation({
  id: "providerConnections.list",
  method: "get",
  summary: "List provider connections",
  description: "In name order, with the key masked.",
  output: providerConnectionList,
  outputDescription: "The workspace's provider connections.",
  web: { path: "/providers", role: "viewer" },
  async run(scope) {
    return { connections: (await listProviderConnections(scope)).map(serializeProviderConnection) };
  },
});

export const createProviderConnectionOp = defineOperation({
  id: "providerConnections.create",
  method: "post",
  summary: "Create a provider connection",
  description: "The key is encrypted at rest; the base URL must be a public address.",
  body: createProviderConnectionInput,
  output: providerConnectionResult,
  status: 201,
  outputDescription: "The new connection, with the key masked.",
  web: { path: "/providers", role: "admin" },
  async run(scope, { body }) {
    return { connection: serializeProviderConnection(await createProviderConnection(scope, body)) };
  },
});

export const updateProviderConnectionOp = defineOperation({
  id: "providerConnections.update",
  method: "patch",
  summary: "Update a provider connection",
  description:
    "Omitted fields stay; `apiKey: null` removes the key. A new base URL needs the key entered " +
    "again (400 with a detail on `apiKey`): a saved key is never sent to a new address.",
  params: connectionParams,
  body: updateProviderConnectionInput,
  output: providerConnectionResult,
  outputDescription: "The updated connection, with the key masked.",
  web: { path: "/providers/{id}", role: "admin" },
  async run(scope, { params, body }) {
    return {
      connection: serializeProviderConnection(await updateProviderConnection(scope, params.id, body)),
    };
  },
});

export const deleteProviderConnectionOp = defineOperation({
  id: "providerConnections.delete",
  method: "delete",
  summary: "Delete a provider connection",
  description: "Agents using it fall back to no connection.",
  params: connectionParams,
  output: okOutput,
  outputDescription: "Deleted.",
  web: { path: "/providers/{id}", role: "admin" },
  async run(scope, { params }) {
    await deleteProviderConnection(scope, params.id);
    return OK;
  },
});

export const testProviderConnectionOp = defineOperation({
  id: "providerConnections.test",
  method: "post",
  summary: "Test a provider connection",
  description:
    "A real, tiny call to the provider. A failing provider is a 200 with `ok: false` and the reason.",
  params: connectionParams,
  output: providerTestOutput,
  outputDescription: "Whether the call went through, and how long it took.",
  // Each test is a real call to the provider: limited so it cannot be used to hammer one.
  web: {
    path: "/providers/{id}/test",
    role: "admin",
    rateLimit: { name: "provider-test", max: 20, windowSeconds: 60 },
  },
  async run(scope, { params }) {
    return serializeProviderTest(await testProviderConnection(scope, params.id));
  },
});

export const listPricesOp = defineOperation({
  id: "prices.list",
  method: "get",
  summary: "List model prices",
  description: "Every instance default, replaced by this workspace's override where one exists.",
  output: priceList,
  outputDescription: "The effective price table, USD per million tokens.",
  web: { path: "/prices", role: "viewer" },
  async run(scope) {
    return { prices: (await listPrices(scope)).map(serializePrice) };
  },
});

export const upsertPriceOp = defineOperation({
  id: "prices.upsert",
  method: "put",
  summary: "Set this workspace's price for a model",
  body: upsertPriceInput,
  output: priceResult,
  outputDescription: "The workspace's price.",
  web: { path: "/prices", role: "admin" },
  async run(scope, { body }) {
    return { price: serializePrice(await upsertPrice(scope, body)) };
  },
});

export const deletePriceOverrideOp = defineOperation({
  id: "prices.deleteOverride",
  method: "delete",
  summary: "Remove this workspace's price for a model",
  description: "The instance default applies again; 404 without an override.",
  query: deletePriceQuery,
  output: okOutput,
  outputDescription: "Removed.",
  web: { path: "/prices", role: "admin" },
  async run(scope, { query }) {
    await deletePriceOverride(scope, query.provider, query.model);
    return OK;
  },
});

export const listAvailableModelsOp = defineOperation({
  id: "models.list",
  method: "get",
  summary: "List the models an agent may use",
  description: "Instance providers (where allowed), this workspace's connections, then the offline model.",
  output: availableModelList,
  outputDescription: "The choices for an agent's model.",
  web: { path: "/models", role: "viewer" },
  async run(scope) {
    return { models: (await listAvailableModels(scope)).map(serializeAvailableModel) };
  },
});

export const providerOperations = [
  listProviderConnectionsOp,
  createProviderConnectionOp,
  updateProviderConnectionOp,
  deleteProviderConnectionOp,
  testProviderConnectionOp,
  listPricesOp,
  upsertPriceOp,
  deletePriceOverrideOp,
  listAvailableModelsOp,
];
