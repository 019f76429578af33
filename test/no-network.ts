import net from "node:net";

// Tests may talk to this machine only: any other host is an unmocked network
// call and fails the test that made it.
const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/i;

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const opts = (typeof first === "object" && first !== null ? first : { host: args[1] }) as {
    host?: string;
    path?: string;
  };
  if (!opts.path) {
    const host = opts.host ?? "localhost";
    if (!LOCAL.test(host)) {
      throw new Error(`Unmocked network call to ${host} in a test: fake it at the HTTP boundary.`);
    }
  }
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
