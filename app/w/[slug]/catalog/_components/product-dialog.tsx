"use client";

import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { CreateOrEditTrigger, FormDialog, FormDialogFooter, useFormDialog } from "@/components/form-dialog";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { ProductForm, productFields } from "./product-form";
import { catalogKeys, type Product, type ProductBody, productPath, productsPath } from "./types";

/** Create (no `existing`) or edit a product. Members and above; the caller decides whether to render it. */
export function ProductDialog({ existing }: { existing?: Product }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const { errors, save, ...dialog } = useFormDialog({
    fields: productFields,
    mutationFn: (body: ProductBody) =>
      api<{ product: Product }>(existing ? productPath(slug, existing.id) : productsPath(slug), {
        method: existing ? "PATCH" : "POST",
        body,
      }),
    onSuccess: ({ product }) => {
      toast.success(existing ? `Saved ${product.name}.` : `Added ${product.name}.`);
      return queryClient.invalidateQueries({ queryKey: catalogKeys.all(slug) });
    },
  });

  return (
    <FormDialog
      {...dialog}
      trigger={<CreateOrEditTrigger editing={existing?.name} createLabel="New product" compact />}
      title={existing ? `Edit ${existing.name}` : "New product"}
      description={
        existing
          ? "Changing the price does not reprice items already in carts."
          : "Agents can find it with list_products once it is active and in stock."
      }
    >
      <ProductForm
        existing={existing}
        fieldErrors={errors.fieldErrors}
        formError={errors.formError}
        onSubmit={(body) => save.mutate(body)}
        footer={<FormDialogFooter pending={save.isPending} submitLabel={existing ? "Save" : "Add product"} />}
      />
    </FormDialog>
  );
}
