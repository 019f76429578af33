import type { TestProject } from "vitest/node";
import { startThrowawayDb } from "../lib/db/throwaway";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One throwaway, migrated embedded PostgreSQL for the whole integration run. */
export default async function setup(project: TestProject) {
  const db = await startThrowawayDb();
  project.provide("databaseUrl", db.url);
  return async () => {
    await db.stop();
  };
}
