/** The one hand-ordered list of tools: cross-cutting first, then each module's analytics, then generated CRUD. */

import { businessTools } from "./business.js";
import { contentTools } from "./content.js";
import { crudTools } from "./crud.js";
import type { AnyTool } from "./define.js";
import { emailSendTool } from "./email.js";
import { financeTools } from "./finance.js";
import { issueInvoiceTool } from "./finance-invoice-issue.js";
import { legalTools } from "./legal.js";
import { linkTools } from "./links.js";
import { marketingTools } from "./marketing.js";
import { schedulePostTool } from "./marketing-schedule-post.js";
import { operationsTools } from "./operations.js";
import { peopleTools } from "./people.js";
import { Registry } from "./registry.js";
import { salesTools } from "./sales.js";
import { searchTools } from "./search.js";
import { strategyTools } from "./strategy.js";
import { supportTools } from "./support.js";
import { createTaskTool } from "./tasks-create.js";

/** Tools whose effect an approver checks first when the AI asks for them (spec §4.4). */
export const actionTools: readonly AnyTool[] = [
  emailSendTool,
  issueInvoiceTool,
  schedulePostTool,
  createTaskTool,
];

export const TOOLS: readonly AnyTool[] = [
  ...searchTools,
  ...businessTools,
  ...strategyTools,
  ...linkTools,
  ...financeTools,
  ...salesTools,
  ...peopleTools,
  ...operationsTools,
  ...marketingTools,
  ...supportTools,
  ...legalTools,
  ...contentTools,
  ...actionTools,
  ...crudTools(),
];

export const registry = new Registry(TOOLS);
