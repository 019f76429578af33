import { ChannelTag } from "@/components/channels/channel-meta";
import { SectionCard } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { formatCount, formatInteger, formatUsd } from "./format";
import type { Usage } from "./types";

/** Usage per channel (each inbox is one): where the messages and the cost come from. */
export function ChannelsTable({ channels }: { channels: Usage["channels"] }) {
  return (
    <SectionCard title="By channel" description="Messages per inbox in the selected period.">
      <Table label="Usage by channel">
        <TableColumns
          columns={[
            "Channel",
            ["Messages", "text-right"],
            ["Tokens", "hidden text-right sm:table-cell"],
            ["Cost", "text-right"],
            ["Errors", "hidden text-right sm:table-cell"],
          ]}
        />
        <TableBody>
          {channels.map((c) => (
            <TableRow key={c.inboxId ?? "none"}>
              <TableCell className="max-w-[9rem] sm:max-w-none">
                {c.channel ? (
                  <ChannelTag channel={c.channel} name={c.name} className="max-w-full font-medium" />
                ) : (
                  <span className="block truncate text-muted-foreground">{c.name}</span>
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatInteger(c.messages)}</TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">
                {formatCount(c.tokens)}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatUsd(c.cost)}</TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">
                {formatInteger(c.errors)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </SectionCard>
  );
}
