export { getAuth } from "./get-auth";
export type * from "./types";
