export * from "./flows";
export * from "./runs";
export * from "./schema";
export * from "./settings";
