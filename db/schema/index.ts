/** Every table, one module per file (spec §3), in import order: a module only references those before it. */
export * from "./chat.js";
export * from "./core.js";
export * from "./finance.js";
export * from "./imports.js";
export * from "./legal.js";
export * from "./marketing.js";
export * from "./operations.js";
export * from "./people.js";
export * from "./sales.js";
export * from "./strategy.js";
export * from "./support.js";
export * from "./web.js";
