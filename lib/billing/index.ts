export * from "./entitlements";
export * from "./plans";
