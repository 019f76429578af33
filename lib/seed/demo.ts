import { sql } from "kysely";
import { hashPassword } from "../auth/password";
import type { Database } from "../db/client";
import { runAsService, runAsUser } from "../db/rls";
import { seedDemoFlows } from "./demo-flows";

export const DEMO_EMAIL = "demo@switchboard.local";
export const DEMO_PASSWORD = "switchboard-demo";
export const DEMO_SLUG = "demo";

/** A few products so the catalog tools have something to sell (Laburen seed). */
const DEMO_PRODUCTS = [
  {
    sku: "TSHIRT-BLK-M",
    name: "Black T-shirt (M)",
    description: "Organic cotton, regular fit.",
    price: "19.90",
    stock: 25,
  },
  {
    sku: "TSHIRT-WHT-M",
    name: "White T-shirt (M)",
    description: "Organic cotton, regular fit.",
    price: "19.90",
    stock: 12,
  },
  {
    sku: "HOODIE-GRY-L",
    name: "Grey hoodie (L)",
    description: "Brushed fleece, front pocket.",
    price: "49.00",
    stock: 6,
  },
  {
    sku: "CAP-NAVY",
    name: "Navy cap",
    description: "Adjustable strap, one size.",
    price: "15.50",
    stock: 30,
  },
  {
    sku: "MUG-LOGO",
    name: "Logo mug",
    description: "350 ml ceramic, dishwasher safe.",
    price: "9.00",
    stock: 1,
  },
];

/** The demo's one agent: sells from the demo catalog with the five Laburen tools, on the offline model. */
const DEMO_AGENT = {
  name: "Shop assistant",
  description: "Answers questions about the demo catalog and fills the customer's cart.",
  type: "support" as const,
  instructions: [
    "You help customers of a small clothing shop.",
    "Find products with list_products and get_product; never invent products, prices or stock.",
    "When the customer wants something, add it with create_cart, then confirm the cart total with get_cart.",
    "Change or remove items with update_cart_item (quantity 0 removes).",
  ].join("\n"),
  tools: ["list_products", "get_product", "create_cart", "get_cart", "update_cart_item", "calculator"],
};

/**
 * Demo products, once: only while the demo catalog is empty, so products the
 * user deleted or edited are never brought back on the next start.
 */
async function seedDemoProducts(db: Database): Promise<void> {
  await runAsService(
    "seed:demo-products",
    async (tx) => {
      const ws = await tx
        .selectFrom("workspaces")
        .select("id")
        .where("slug", "=", DEMO_SLUG)
        .executeTakeFirst();
      if (!ws) return;
      const any = await tx
        .selectFrom("products")
        .select("id")
        .where("workspace_id", "=", ws.id)
        .limit(1)
        .execute();
      if (any.length > 0) return;
      await tx
        .insertInto("products")
        .values(DEMO_PRODUCTS.map((p) => ({ ...p, workspace_id: ws.id, currency: "USD" })))
        .onConflict((oc) => oc.columns(["workspace_id", "sku"]).doNothing())
        .execute();
    },
    db,
  );
}

/** Idempotent: a demo login and workspace for the local, embedded setup. */
export async function seedDemo(db: Database): Promise<{ created: boolean }> {
  const existing = await runAsService(
    "seed:demo",
    (tx) => tx.selectFrom("auth.users").select("id").where("email", "=", DEMO_EMAIL).executeTakeFirst(),
    db,
  );
  if (existing) {
    await seedDemoProducts(db);
    return { created: false };
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const user = await runAsService(
    "seed:demo",
    (tx) =>
      tx
        .insertInto("auth.users")
        .values({
          email: DEMO_EMAIL,
          encrypted_password: passwordHash,
          email_confirmed_at: new Date(),
          raw_user_meta_data: JSON.stringify({ display_name: "Demo User" }),
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    db,
  );
  const workspaceId = await runAsUser(
    { sub: user.id, role: "authenticated", email: DEMO_EMAIL },
    async (tx) => {
      const { rows } = await sql<{ id: string }>`
        select id from public.create_workspace('Demo Workspace', ${DEMO_SLUG})`.execute(tx);
      const workspaceId = rows[0]?.id;
      if (!workspaceId) throw new Error("create_workspace returned no row");
      // Only with a new demo workspace: an agent the user deleted is not brought back.
      await tx
        .insertInto("agents")
        .values({ ...DEMO_AGENT, workspace_id: workspaceId, created_by: user.id })
        .execute();
      return workspaceId;
    },
    db,
  );
  await seedDemoFlows(db, workspaceId, user.id);
  await seedDemoProducts(db);
  return { created: true };
}
