import { hash, verify } from "@node-rs/argon2";

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
// `algorithm: 2` is Argon2id (a const enum in the package's types).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    // A malformed stored hash is a failed check, not a crash.
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real check so response times do not reveal unknown emails. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword("switchboard-timing-equaliser");
  await verifyPassword(await dummy, password);
}
