/** search tools (analytics computed in SQL); filled in by the search work. */
import type { AnyTool } from "./define.js";

export const searchTools: AnyTool[] = [];
