"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DeleteProductButton } from "./delete-product-button";
import { ProductDialog } from "./product-dialog";
import { formatPrice, type Product } from "./types";

export function ProductsTable({ products, canEdit }: { products: Product[]; canEdit: boolean }) {
  return (
    <Card className="py-2">
      <CardContent className="px-2 sm:px-4">
        <Table label="Products">
          <TableHeader>
            <TableRow>
              <TableHead>Product</TableHead>
              <TableHead className="text-right">Price</TableHead>
              <TableHead className="text-right">Stock</TableHead>
              {canEdit ? (
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
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
                      <DeleteProductButton product={p} />
                    </div>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
