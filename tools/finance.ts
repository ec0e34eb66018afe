/** finance tools (analytics computed in SQL); filled in by the finance work. */
import type { AnyTool } from "./define.js";

export const financeTools: AnyTool[] = [];
