/** Structured logging (pino) with secrets redacted; every surface derives child loggers with request/turn ids. */
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(level = "info", destination: "stdout" | "stderr" = "stderr"): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ["*.password", "*.passwordHash", "*.token", "*.apiKey", "*.secret", "headers.authorization"],
        censor: "[redacted]",
      },
    },
    pino.destination({ fd: destination === "stdout" ? 1 : 2, sync: false }),
  );
}
