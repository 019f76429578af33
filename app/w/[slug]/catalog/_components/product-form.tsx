"use client";

import { type FormEvent, useState } from "react";
import type { DialogFormProps } from "@/components/form-dialog";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { Product, ProductBody } from "./types";

export const productFields = ["sku", "name", "description", "price", "currency", "stock", "active"] as const;
type Field = (typeof productFields)[number];

/** A number when the text is one; otherwise the text itself, so the server names the field's problem. */
const numberOr = (text: string) =>
  text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;

export function ProductForm({
  existing,
  fieldErrors,
  formError,
  onSubmit,
  footer,
}: DialogFormProps<Product, Field, ProductBody>) {
  const [sku, setSku] = useState(existing?.sku ?? "");
  const [name, setName] = useState(existing?.name ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [price, setPrice] = useState(existing ? String(existing.price) : "");
  const [currency, setCurrency] = useState(existing?.currency ?? "USD");
  const [stock, setStock] = useState(existing ? String(existing.stock) : "0");
  const [active, setActive] = useState(existing?.active ?? true);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit({
      sku: sku.trim(),
      name: name.trim(),
      description: description.trim(),
      price: numberOr(price) as number,
      currency: currency.trim().toUpperCase(),
      stock: numberOr(stock) as number,
      active,
    });
  }

  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4">
      <FormAlert message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="product-sku" label="SKU" error={fieldErrors.sku}>
          <Input
            value={sku}
            onChange={(e) => setSku(e.target.value)}
            maxLength={64}
            autoComplete="off"
            required
          />
        </FormField>
        <FormField id="product-name" label="Name" error={fieldErrors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </FormField>
      </div>
      <FormField id="product-description" label="Description" error={fieldErrors.description}>
        <Textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={5000}
          rows={3}
        />
      </FormField>
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        <FormField id="product-price" label="Price" error={fieldErrors.price}>
          <Input
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            inputMode="decimal"
            placeholder="0.00"
            required
          />
        </FormField>
        <FormField id="product-currency" label="Currency" error={fieldErrors.currency}>
          <Input
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            maxLength={3}
            autoCapitalize="characters"
          />
        </FormField>
        <FormField
          id="product-stock"
          label="Stock"
          error={fieldErrors.stock}
          className="col-span-2 sm:col-span-1"
        >
          <Input value={stock} onChange={(e) => setStock(e.target.value)} inputMode="numeric" />
        </FormField>
      </div>
      <div className="flex items-start gap-2">
        <input
          id="product-active"
          type="checkbox"
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
          className="mt-0.5 size-4 accent-primary"
        />
        <label htmlFor="product-active" className="grid gap-0.5 text-sm">
          <span className="font-medium">Active</span>
          <span className="text-muted-foreground">
            Inactive products are hidden from agents and cannot be added to carts.
          </span>
        </label>
      </div>
      {footer}
    </form>
  );
}
