/** operations tools (analytics computed in SQL); filled in by the operations work. */
import type { AnyTool } from "./define.js";

export const operationsTools: AnyTool[] = [];
