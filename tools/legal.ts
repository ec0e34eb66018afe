/** legal tools (analytics computed in SQL); filled in by the legal work. */
import type { AnyTool } from "./define.js";

export const legalTools: AnyTool[] = [];
