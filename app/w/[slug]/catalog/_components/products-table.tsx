"use client";

import { TableCard } from "@/components/query-view";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { DeleteButton } from "../../_components/delete-button";
import { productDeletion } from "./product-deletion";
import { ProductDialog } from "./product-dialog";
import { formatPrice, type Product } from "./types";

export function ProductsTable({ products, canEdit }: { products: Product[]; canEdit: boolean }) {
  return (
    <TableCard>
      <Table label="Products">
        <TableColumns
          columns={["Product", ["Price", "text-right"], ["Stock", "text-right"]]}
          actions={canEdit}
        />
        <TableBody>
          {products.map((p) => (
            <TableRow key={p.id} data-testid={`product-${p.sku}`}>
              <TableCell className="min-w-[8rem] whitespace-normal break-words align-top">
                <span className="font-medium">{p.name}</span>
                <span className="block font-mono text-xs text-muted-foreground">{p.sku}</span>
                {p.description ? (
                  <span className="mt-1 hidden max-w-prose text-xs text-muted-foreground sm:line-clamp-2">
                    {p.description}
                  </span>
                ) : null}
              </TableCell>
              <TableCell className="whitespace-nowrap text-right align-top tabular-nums">
                {formatPrice(p.price, p.currency)}
              </TableCell>
              <TableCell className="text-right align-top tabular-nums">
                <span className={p.stock === 0 ? "text-destructive" : undefined}>{p.stock}</span>
                {p.active ? null : (
                  <Badge variant="outline" className="mt-1 ml-auto block">
                    Inactive
                  </Badge>
                )}
              </TableCell>
              {canEdit ? (
                <TableCell className="align-top">
                  <div className="flex justify-end gap-1">
                    <ProductDialog existing={p} />
                    <DeleteButton kind={productDeletion} item={p} compact />
                  </div>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableCard>
  );
}
