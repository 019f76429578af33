"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Package, Search } from "lucide-react";
import { useState } from "react";
import { api } from "@/components/api/client";
import { useDebouncedValue } from "@/components/chat/use-debounced-value";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { LoadMore, QueryView, Skeletons } from "@/components/query-view";
import { SearchInput } from "@/components/ui/search-input";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { ImportDialog } from "./import-dialog";
import { ProductDialog } from "./product-dialog";
import { ProductsTable } from "./products-table";
import { canEditCatalog, catalogKeys, type ProductPage, productsPath } from "./types";

const PAGE_SIZE = 50;

export function CatalogView() {
  const { slug, role } = useCurrentWorkspace();
  const canEdit = canEditCatalog(role);
  const [search, setSearch] = useState("");
  const term = useDebouncedValue(search.trim());
  const query = useInfiniteQuery({
    queryKey: catalogKeys.products(slug, term),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      // The catalog page manages inactive products too; the agent's tools never see them.
      const params = new URLSearchParams({ limit: String(PAGE_SIZE), includeInactive: "true" });
      if (term) params.set("search", term);
      if (pageParam) params.set("cursor", pageParam);
      return api<ProductPage>(productsPath(slug, params.toString()), { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const products = query.data?.pages.flatMap((page) => page.products) ?? [];
  const actions = canEdit ? (
    <>
      <ImportDialog />
      <ProductDialog />
    </>
  ) : undefined;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Catalog"
        description="Products your agents can search and add to a conversation's cart. Units in carts are reserved from stock."
        // With an empty catalog the buttons sit in the empty state instead, never twice.
        actions={query.isSuccess && products.length === 0 && !term ? undefined : actions}
      />
      <SearchInput
        aria-label="Search products"
        placeholder="Search by SKU, name or description…"
        maxLength={200}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <QueryView
        query={query}
        loading={<Skeletons count={4} className="h-10 w-full" />}
        empty={
          products.length > 0 ? null : term ? (
            <EmptyState icon={Search} title="No matching products">
              <p>Nothing matches “{term}”. Try another word or a SKU.</p>
            </EmptyState>
          ) : (
            <EmptyState icon={Package} title="No products yet">
              {canEdit ? (
                <div className="flex flex-col items-center gap-3">
                  <p>Add products one by one, or import a CSV with the columns sku, name, price.</p>
                  <div className="flex flex-wrap justify-center gap-2">{actions}</div>
                </div>
              ) : (
                <p>A member or admin can add the first products.</p>
              )}
            </EmptyState>
          )
        }
      >
        {() => <ProductsTable products={products} canEdit={canEdit} />}
      </QueryView>
      <LoadMore query={query} />
    </div>
  );
}
