import { AppError, toAppError } from "../errors";

interface PgError {
  code?: string;
  hint?: string;
  detail?: string;
  constraint?: string;
}

const pgError = (e: unknown): PgError | undefined =>
  typeof e === "object" && e !== null && "code" in e ? (e as PgError) : undefined;

function detailJson(pg: PgError): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(pg.detail ?? "{}");
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // Only our own functions put JSON there; anything else has no extra facts to add.
    return {};
  }
}

/**
 * The catalog's database refusals (raised by the cart functions and the
 * cart_items triggers with a hint) as typed errors with a stable
 * `details.code`; other database errors go through the shared mapping, and
 * unexpected ones are rethrown untouched so their stack reaches the logs.
 */
export function mapCatalogError(e: unknown): unknown {
  const pg = pgError(e);
  switch (pg?.hint) {
    case "out_of_stock": {
      const { available, requested } = detailJson(pg);
      return new AppError(
        "conflict",
        `Not enough stock: ${Number(available)} available, ${Number(requested)} more requested.`,
        { cause: e, details: { code: "out_of_stock", available: Number(available) } },
      );
    }
    case "product_inactive":
      return new AppError("conflict", "This product is not available (it is inactive).", {
        cause: e,
        details: { code: "product_inactive" },
      });
    case "currency_mismatch": {
      const { cartCurrency, productCurrency } = detailJson(pg);
      return new AppError(
        "conflict",
        `This cart is in ${String(cartCurrency)}; a product priced in ${String(productCurrency)} cannot be added to it.`,
        { cause: e, details: { code: "currency_mismatch", cartCurrency, productCurrency } },
      );
    }
    case "product_not_found":
      return new AppError("not_found", "Product not found.", {
        cause: e,
        details: { code: "product_not_found" },
      });
    case "conversation_not_found":
      return new AppError("not_found", "Conversation not found.", {
        cause: e,
        details: { code: "conversation_not_found" },
      });
    case "cart_not_found":
      return new AppError("not_found", "This conversation has no cart yet; add a product first.", {
        cause: e,
        details: { code: "cart_not_found" },
      });
    case "cart_item_not_found":
      return new AppError("not_found", "That product is not in this cart; add it first.", {
        cause: e,
        details: { code: "cart_item_not_found" },
      });
  }
  if (pg?.code === "23514" && pg.constraint === "cart_items_quantity_check") {
    return new AppError("validation_failed", "A cart line can hold at most 100000 units.", { cause: e });
  }
  if (pg?.code === "22023") {
    return new AppError("validation_failed", "The quantity is out of range.", { cause: e });
  }
  const mapped = toAppError(e);
  return mapped.code === "internal" ? e : mapped;
}

export async function withCatalogErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw mapCatalogError(e);
  }
}
