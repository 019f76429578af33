import type Stripe from "stripe";
import type { Tx } from "../../../db/rls";

/** What a handler gets: the verified event, Stripe, and the transaction that also records the event id. */
export interface StripeEventContext {
  tx: Tx;
  stripe: Stripe;
  event: Stripe.Event;
}

/** Applies one event type; returns the workspace it concerned (null: none of ours, ignored). */
export type StripeEventHandler = (ctx: StripeEventContext) => Promise<{ workspaceId: string | null }>;
