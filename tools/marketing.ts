/** marketing tools (analytics computed in SQL); filled in by the marketing work. */
import type { AnyTool } from "./define.js";

export const marketingTools: AnyTool[] = [];
