/** people tools (analytics computed in SQL); filled in by the people work. */
import type { AnyTool } from "./define.js";

export const peopleTools: AnyTool[] = [];
