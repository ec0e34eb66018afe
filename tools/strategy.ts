/** strategy tools (analytics computed in SQL); filled in by the strategy work. */
import type { AnyTool } from "./define.js";

export const strategyTools: AnyTool[] = [];
