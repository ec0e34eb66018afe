/** sales tools (analytics computed in SQL); filled in by the sales work. */
import type { AnyTool } from "./define.js";

export const salesTools: AnyTool[] = [];
