export { getMe, listMySessions, updateProfile } from "./profiles";
export * from "./schema";
