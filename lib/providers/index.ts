// Model providers: workspace connections (encrypted keys), instance providers
// from the environment, model resolution for the chat pipeline, and prices.
export { type AvailableModel, listAvailableModels } from "./available-models";
export { BUILTIN_MODELS, type ModelRef, parseModelRef } from "./catalog";
export {
  createProviderConnection,
  deleteProviderConnection,
  getProviderConnection,
  listProviderConnections,
  updateProviderConnection,
} from "./connections";
export {
  deletePriceOverride,
  listPrices,
  type PriceRow,
  type UpsertPriceInput,
  upsertPrice,
  upsertPriceInput,
} from "./price-table";
export { costOf, type ModelPrice, priceFor } from "./prices";
export { type AgentModelChoice, type ResolvedModel, resolveModel } from "./resolve";
export * from "./schema";
export { safeErrorMessage, testProviderConnection } from "./test-connection";
