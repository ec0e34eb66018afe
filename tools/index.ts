/** The one hand-ordered list of tools: cross-cutting first, then each module's analytics, then generated CRUD. */
import { crudTools } from "./crud.js";
import type { AnyTool } from "./define.js";
import { financeTools } from "./finance.js";
import { legalTools } from "./legal.js";
import { linkTools } from "./links.js";
import { marketingTools } from "./marketing.js";
import { operationsTools } from "./operations.js";
import { peopleTools } from "./people.js";
import { Registry } from "./registry.js";
import { salesTools } from "./sales.js";
import { searchTools } from "./search.js";
import { strategyTools } from "./strategy.js";
import { supportTools } from "./support.js";

export const TOOLS: readonly AnyTool[] = [
  ...searchTools,
  ...strategyTools,
  ...linkTools,
  ...financeTools,
  ...salesTools,
  ...peopleTools,
  ...operationsTools,
  ...marketingTools,
  ...supportTools,
  ...legalTools,
  ...crudTools(),
];

export const registry = new Registry(TOOLS);
