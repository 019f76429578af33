"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { ProductForm, productFields } from "./product-form";
import { catalogKeys, type Product, type ProductBody, productPath, productsPath } from "./types";

/** Create (no `existing`) or edit a product. Members and above; the caller decides whether to render it. */
export function ProductDialog({ existing }: { existing?: Product }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const errors = useFormErrors(productFields);

  const save = useMutation({
    mutationFn: (body: ProductBody) =>
      api<{ product: Product }>(existing ? productPath(slug, existing.id) : productsPath(slug), {
        method: existing ? "PATCH" : "POST",
        body,
      }),
    onMutate: errors.reset,
    onSuccess: ({ product }) => {
      setOpen(false);
      toast.success(existing ? `Saved ${product.name}.` : `Added ${product.name}.`);
      return queryClient.invalidateQueries({ queryKey: catalogKeys.all(slug) });
    },
    onError: errors.handle,
  });

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) errors.reset();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        {existing ? (
          <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${existing.name}`}>
            <Pencil aria-hidden="true" />
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden="true" />
            New product
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{existing ? `Edit ${existing.name}` : "New product"}</DialogTitle>
          <DialogDescription>
            {existing
              ? "Changing the price does not reprice items already in carts."
              : "Agents can find it with list_products once it is active and in stock."}
          </DialogDescription>
        </DialogHeader>
        <ProductForm
          existing={existing}
          fieldErrors={errors.fieldErrors}
          formError={errors.formError}
          onSubmit={(body) => save.mutate(body)}
          footer={
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="outline" disabled={save.isPending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={save.isPending}>
                {existing ? "Save" : "Add product"}
              </Button>
            </DialogFooter>
          }
        />
      </DialogContent>
    </Dialog>
  );
}
