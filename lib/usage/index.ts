export * from "./usage-summary";
