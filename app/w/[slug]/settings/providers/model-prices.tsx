"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import type { Price, UpsertPriceBody } from "./types";

/** USD per million tokens; what turns recorded tokens into cost on the dashboard. */
export function ModelPrices({ slug, admin }: { slug: string; admin: boolean }) {
  const key = ["workspace", slug, "prices"];
  const client = useQueryClient();
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ prices: Price[] }>(`/api/workspaces/${slug}/prices`, { signal }),
  });
  const save = useMutation({
    mutationFn: (row: UpsertPriceBody) => api(`/api/workspaces/${slug}/prices`, { method: "PUT", body: row }),
    onSuccess: () => {
      toast.success("Price saved");
      return client.invalidateQueries({ queryKey: key });
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  const reset = useMutation({
    mutationFn: (row: Price) =>
      api(
        `/api/workspaces/${slug}/prices?provider=${encodeURIComponent(row.provider)}&model=${encodeURIComponent(row.model)}`,
        {
          method: "DELETE",
        },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
    onError: (e) => toast.error(errorMessage(e)),
  });

  return (
    <SectionCard
      title="Model prices"
      description={
        <>
          USD per million tokens.{" "}
          {admin
            ? "Edit a row to override the default for this workspace."
            : "Only admins can change prices."}
        </>
      }
    >
      {query.isError ? (
        <p className="text-sm text-destructive">{errorMessage(query.error)}</p>
      ) : (
        <Table label="Model prices">
          <TableColumns
            columns={[["Model", "hidden sm:table-cell"], "Input / 1M", "Output / 1M", ["Actions", "sr-only"]]}
          />
          <TableBody>
            {(query.data?.prices ?? []).map((row) => (
              <PriceEditor
                key={`${row.provider}/${row.model}`}
                row={row}
                admin={admin}
                onSave={(r) => save.mutate(r)}
                onReset={() => reset.mutate(row)}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}

function PriceEditor(props: {
  row: Price;
  admin: boolean;
  onSave: (row: UpsertPriceBody) => void;
  onReset: () => void;
}) {
  const { row, admin } = props;
  const [input, setInput] = useState(String(row.inputPerMillion));
  const [output, setOutput] = useState(String(row.outputPerMillion));
  const changed = input !== String(row.inputPerMillion) || output !== String(row.outputPerMillion);
  const label = `${row.provider}/${row.model}`;
  const model = (
    <>
      <span className="font-mono text-xs wrap-anywhere">{label}</span>{" "}
      {row.source === "workspace" ? <Badge variant="secondary">override</Badge> : null}
    </>
  );
  const priceCell = (which: "Input" | "Output", value: string, onChange: (value: string) => void) => (
    <TableCell>
      <Input
        aria-label={`${which} price for ${label}`}
        className="h-8 w-20 sm:w-24"
        inputMode="decimal"
        value={value}
        disabled={!admin}
        onChange={(e) => onChange(e.target.value)}
      />
    </TableCell>
  );

  return (
    <>
      {/* Phones: the model gets a line of its own above its prices, so both inputs and the
          Save button fit the screen instead of running off the card. */}
      <TableRow className="border-b-0 hover:bg-transparent sm:hidden" data-testid="price-model-row">
        <TableCell colSpan={3} className="whitespace-normal pt-3 pb-0">
          {model}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell className="hidden min-w-[7rem] whitespace-normal sm:table-cell">{model}</TableCell>
        {priceCell("Input", input, setInput)}
        {priceCell("Output", output, setOutput)}
        <TableCell className="whitespace-nowrap text-right">
          {admin && changed ? (
            <Button
              size="sm"
              onClick={() =>
                props.onSave({
                  provider: row.provider,
                  model: row.model,
                  inputPerMillion: Number(input),
                  outputPerMillion: Number(output),
                })
              }
            >
              Save
            </Button>
          ) : null}
          {admin && row.source === "workspace" && !changed ? (
            <Button size="sm" variant="ghost" onClick={props.onReset}>
              Reset
            </Button>
          ) : null}
        </TableCell>
      </TableRow>
    </>
  );
}
