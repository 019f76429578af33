import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "silent";
// A fixed test key: 32 bytes of 0x01.
process.env.SECRETS_KEYS ??= `test:${Buffer.alloc(32, 1).toString("base64")}`;
