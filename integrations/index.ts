/** Every connector the product ships, in the order the integrations screen lists them: the one explicit list. */
import type { AnyConnector } from "./connector.js";
import { smtpConnector } from "./email/smtp-connector.js";

export const CONNECTORS: readonly AnyConnector[] = [smtpConnector];

export function connectorByType(
  type: string,
  connectors: readonly AnyConnector[] = CONNECTORS,
): AnyConnector | undefined {
  return connectors.find((c) => c.type === type);
}
