import Link from "next/link";
import { SectionCard } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { formatCount, formatInteger, formatUsd } from "./format";
import type { Usage } from "./types";

export function TopAgentsTable({ slug, agents }: { slug: string; agents: Usage["agents"] }) {
  const top = agents.slice(0, 10);
  return (
    <SectionCard title="Top agents" description="By messages in the selected period.">
      <Table label="Top agents">
        <TableColumns
          columns={[
            "Agent",
            ["Messages", "text-right"],
            ["Tokens", "hidden text-right sm:table-cell"],
            ["Cost", "text-right"],
            ["Errors", "hidden text-right sm:table-cell"],
          ]}
        />
        <TableBody>
          {top.map((a) => (
            <TableRow key={a.agentId ?? "none"}>
              <TableCell className="max-w-[9rem] sm:max-w-none">
                {a.agentId && a.name !== "Deleted agent" ? (
                  <Link
                    href={`/w/${slug}/agents/${a.agentId}`}
                    className="block truncate font-medium hover:underline"
                  >
                    {a.name}
                  </Link>
                ) : (
                  <span className="block truncate text-muted-foreground">{a.name}</span>
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatInteger(a.messages)}</TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">
                {formatCount(a.tokens)}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatUsd(a.cost)}</TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">
                {formatInteger(a.errors)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </SectionCard>
  );
}
