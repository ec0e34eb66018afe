/**
 * Outgoing email as a connector: the SMTP settings the approved "send email" actions go out through. It has
 * no sync; its test connects and logs in without sending anything.
 */
import { defineConnector } from "../connector.js";
import { verifySmtp } from "./smtp-sender.js";
import { SMTP_SCHEMAS } from "./smtp-settings.js";

export const smtpConnector = defineConnector({
  ...SMTP_SCHEMAS,
  description:
    "The business's own mail server for the emails people approve (invoice reminders, follow-ups). " +
    "The password is stored encrypted (AES-256-GCM) and never shown again.",
  test: (run) => verifySmtp({ settings: run.config, password: run.secrets.password }),
});
