import { z } from "zod";
import { parseTrustedProxies } from "./http/trusted-proxies";

// Blank values in .env files count as unset.
const blankToUndefined = (v: unknown) => (typeof v === "string" ? v.trim() || undefined : v);
const optionalUrl = z.preprocess(blankToUndefined, z.url().optional());
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
// Labels of letters, digits and inner hyphens; bounded, so its time does not depend on the input.
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalUrl.describe("Postgres 15+ connection string; unset = embedded server"),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SWITCHBOARD_DATA_DIR: z.string().default(".data"),
  APP_URL: z.url().default("http://localhost:3000"),
  AUTH_SECRET: z
    .string()
    .min(32, "AUTH_SECRET must be at least 32 characters")
    .optional()
    .describe("HMAC key for local-auth access tokens; generated into the data dir if unset"),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  NEXT_PUBLIC_SUPABASE_URL: optionalUrl,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalString,
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default("Switchboard <no-reply@localhost>"),
  SENTRY_DSN: optionalUrl,
  NEXT_PUBLIC_SENTRY_DSN: optionalUrl,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  SIGN_IN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  SIGN_UP_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  CHAT_RATE_LIMIT: z.coerce.number().int().min(1).default(60).describe("chat turns per user per minute"),
  USER_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(600_000)
    .default(10_000)
    .describe("longest a user's database statement may run before it is cancelled (503)"),
  API_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe("REST /api/v1 requests per API key per minute"),
  MCP_PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
  MCP_HOST: z.string().default("127.0.0.1").describe("bind address of the MCP server; loopback by default"),
  MCP_ALLOWED_ORIGINS: optionalString.describe("comma-separated extra Origins the MCP server accepts"),
  MCP_ALLOWED_HOSTS: optionalString.describe("comma-separated extra Host headers the MCP server accepts"),
  MCP_RATE_LIMIT: z.coerce.number().int().min(1).default(600).describe("MCP requests per API key per minute"),
  MCP_PUBLIC_URL: optionalUrl.describe("the MCP endpoint URL shown in client configs"),
  SECRETS_KEYS: optionalString.describe("id:base64-32-byte-key[,id:key...]; first encrypts, all decrypt"),
  OPENAI_API_KEY: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  GOOGLE_GENERATIVE_AI_API_KEY: optionalString,
  OPENAI_COMPATIBLE_BASE_URL: optionalUrl,
  OPENAI_COMPATIBLE_API_KEY: optionalString,
  OPENAI_COMPATIBLE_MODELS: optionalString.describe(
    "comma-separated model ids served at OPENAI_COMPATIBLE_BASE_URL",
  ),
  TRUSTED_PROXIES: optionalString
    .refine((v) => parseTrustedProxies(v).problems.length === 0, {
      error: (issue) => parseTrustedProxies(String(issue.input)).problems.join("; "),
    })
    .describe(
      "comma-separated proxy addresses/CIDRs or `loopback` whose X-Forwarded-For is believed; none by default",
    ),
  SEED_DEMO: z
    .preprocess(blankToUndefined, z.enum(["1", "0", "true", "false"]).optional())
    .describe("seed the demo login; default: yes for npm run dev, never for npm start"),
  SIGNUP_POLICY: z
    .preprocess(blankToUndefined, z.enum(["open", "invite-only", "domains"]).optional())
    .describe("who may create an account; default: invite-only in production, open otherwise"),
  SIGNUP_ALLOWED_DOMAINS: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .transform((v) =>
          v
            .split(",")
            .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
            .filter(Boolean),
        )
        .pipe(z.array(z.string().regex(DOMAIN, "list domains like example.com")))
        .optional(),
    )
    .describe("comma-separated email domains that may sign up when SIGNUP_POLICY=domains"),
  INSTANCE_KEYS_WORKSPACES: z
    .preprocess(blankToUndefined, z.string().default("all"))
    .pipe(
      z.union([
        z.enum(["all", "none"]),
        z
          .string()
          .transform((v) =>
            v
              .split(",")
              .map((id) => id.trim().toLowerCase())
              .filter(Boolean),
          )
          .pipe(z.array(z.uuid("use all, none, or workspace ids (UUIDs, see GET /api/me)")).min(1)),
      ]),
    )
    .describe("which workspaces may use the provider keys in this environment: all, none, or workspace ids"),
  EVENT_STREAMS_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe("open event streams one user may hold per web process"),
  EVENT_STREAM_HEARTBEAT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(300)
    .default(25)
    .describe("how often an open event stream re-checks its session and membership"),
  STRIPE_SECRET_KEY: optionalString.describe("Stripe secret key; unset = billing off (no plans, no limits)"),
  STRIPE_WEBHOOK_SECRET: optionalString.describe("signing secret of the Stripe webhook endpoint (whsec_...)"),
  STRIPE_PRICE_PRO: optionalString.describe("Stripe price id of the Pro plan's subscription"),
  STRIPE_PRICE_BUSINESS: optionalString.describe("Stripe price id of the Business plan's subscription"),
  STRIPE_API_HOST: optionalString.describe("Stripe API host; for tests pointing the SDK at a fake"),
  STRIPE_API_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(65_535).optional()),
  STRIPE_API_PROTOCOL: z.preprocess(blankToUndefined, z.enum(["http", "https"]).optional()),
  BILLING_GRACE_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(7)
    .describe("days a past-due subscription keeps its plan before the Free limits apply"),
  SSRF_ALLOWLIST: optionalString.describe(
    "comma-separated hosts or CIDRs that outbound fetches may reach despite being private",
  ),
  // Metered overage (lib/billing/stripe/meter-report.ts).
  STRIPE_PRICE_MESSAGES_OVERAGE: optionalString.describe(
    "a metered price for messages beyond a paid plan's allowance; unset: no overage is billed",
  ),
  STRIPE_METER_EVENT_MESSAGES: z
    .preprocess(blankToUndefined, z.string().max(100).default("switchboard_messages"))
    .describe("the event name of the Stripe meter that counts overage messages"),
});

/** Rules across variables, checked on the raw values so they report even when fields are invalid too. */
function crossFieldProblems(source: Record<string, string | undefined>): string[] {
  const set = (k: string) => Boolean(source[k]?.trim());
  const problems: string[] = [];
  if (set("NEXT_PUBLIC_SUPABASE_URL") !== set("NEXT_PUBLIC_SUPABASE_ANON_KEY")) {
    problems.push(
      "NEXT_PUBLIC_SUPABASE_ANON_KEY: set NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY together",
    );
  }
  if (source.NODE_ENV === "production" && !set("SECRETS_KEYS")) {
    problems.push("SECRETS_KEYS: required in production (encrypts provider keys and credentials)");
  }
  if (source.NODE_ENV === "production" && !set("AUTH_SECRET") && !set("NEXT_PUBLIC_SUPABASE_URL")) {
    problems.push("AUTH_SECRET: required in production");
  }
  if (source.SIGNUP_POLICY?.trim() === "domains" && !set("SIGNUP_ALLOWED_DOMAINS")) {
    problems.push("SIGNUP_ALLOWED_DOMAINS: required when SIGNUP_POLICY=domains");
  }
  return problems;
}

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses every variable at once so one start-up shows every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)),
    ...crossFieldProblems(source),
  ];
  if (problems.length > 0 || !result.success) throw new EnvError(problems);
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Re-read process.env on next use: for tests whose settings depend on rows they create first. */
export function rereadEnv(): void {
  cached = undefined;
}

export function supabaseConfigured(e: Env = env()): boolean {
  return Boolean(e.NEXT_PUBLIC_SUPABASE_URL && e.NEXT_PUBLIC_SUPABASE_ANON_KEY);
}

/** Billing is on only when a Stripe key is set; a self-hosted instance without one is unlimited. */
export function billingEnabled(e: Env = env()): boolean {
  return Boolean(e.STRIPE_SECRET_KEY);
}

export type SignUpPolicy = "open" | "invite-only" | "domains";

/** SIGNUP_POLICY, or its default: a production instance is closed until its operator opens it. */
export function signUpPolicy(e: Env = env()): SignUpPolicy {
  return e.SIGNUP_POLICY ?? (e.NODE_ENV === "production" ? "invite-only" : "open");
}

/** SEED_DEMO, or its default: the published demo password is seeded in development only. */
export function seedDemoWanted(e: Env = env()): boolean {
  if (e.SEED_DEMO) return e.SEED_DEMO === "1" || e.SEED_DEMO === "true";
  return e.NODE_ENV === "development";
}
