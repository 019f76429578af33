// `npm run mcp:stdio`: the MCP server over stdio for local clients (Claude
// Desktop, Cursor…), acting with the key in SWITCHBOARD_API_KEY.
//
// stdout carries JSON-RPC only. Before anything that logs is loaded, the
// protocol gets its own handle on stdout and every other write to it (pino,
// console.log) is sent to stderr, which MCP clients show as the server's log.
import { Writable } from "node:stream";

const writeStdout = process.stdout.write.bind(process.stdout);
const protocolOut = new Writable({
  write(chunk, _encoding, callback) {
    writeStdout(chunk, (err) => callback(err ?? null));
  },
});
process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) =>
  process.stderr.write(...args)) as typeof process.stdout.write;

await import("./boot-env");
const { runStdio } = await import("./stdio-server");
await runStdio(protocolOut);
