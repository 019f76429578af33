export { buildOpenApiDocument } from "./openapi";
export { accessFor, type HttpMethod, type V1Operation, v1Operation, v1Operations } from "./operations";
export * from "./schemas";
