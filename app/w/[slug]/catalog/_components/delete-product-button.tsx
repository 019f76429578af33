"use client";

import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { catalogKeys, type Product, productPath } from "./types";

export function DeleteProductButton({ product }: { product: Product }) {
  const { slug } = useCurrentWorkspace();
  return (
    <ConfirmDeleteButton
      compact
      name={product.name}
      path={productPath(slug, product.id)}
      invalidate={catalogKeys.all(slug)}
      // A product in a cart is refused by the server with a message that says what to do instead.
      consequence="Agents will no longer find it. A product that is in a cart cannot be deleted: mark it inactive instead."
      confirmLabel="Delete product"
    />
  );
}
