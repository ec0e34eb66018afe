/** support tools (analytics computed in SQL); filled in by the support work. */
import type { AnyTool } from "./define.js";

export const supportTools: AnyTool[] = [];
