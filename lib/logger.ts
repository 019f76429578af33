import pino from "pino";

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info");

/** Secrets never reach the log, whatever object a caller passes. */
export const logger = pino({
  level,
  base: { service: process.env.SWITCHBOARD_SERVICE ?? "web" },
  redact: {
    paths: [
      "password",
      "*.password",
      "token",
      "*.token",
      "authorization",
      "*.authorization",
      "headers.cookie",
      "*.headers.cookie",
      "refreshToken",
      "*.refreshToken",
      "accessToken",
      "*.accessToken",
    ],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
