"use client";

import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { CreateEditDialog, saveTo, useFormDialog } from "@/components/form-dialog";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { ProductForm, productFields } from "./product-form";
import { catalogKeys, type Product, type ProductBody, productPath, productsPath } from "./types";

const productText = {
  add: "New product",
  title: "New product",
  create: "Agents can find it with list_products once it is active and in stock.",
  edit: "Changing the price does not reprice items already in carts.",
};

/** Create (no `existing`) or edit a product. Members and above; the caller decides whether to render it. */
export function ProductDialog({ existing }: { existing?: Product }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const { dialog, form } = useFormDialog({
    fields: productFields,
    mutationFn: (body: ProductBody) =>
      saveTo<{ product: Product }>(existing && productPath(slug, existing.id), productsPath(slug), body),
    onSuccess: ({ product }) => {
      toast.success(existing ? `Saved ${product.name}.` : `Added ${product.name}.`);
      return queryClient.invalidateQueries({ queryKey: catalogKeys.all(slug) });
    },
  });

  return (
    <CreateEditDialog dialog={dialog} editing={existing?.name} compact text={productText}>
      <ProductForm existing={existing} {...form(existing ? "Save" : "Add product")} />
    </CreateEditDialog>
  );
}
