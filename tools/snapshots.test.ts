/**
 * One committed JSON snapshot per tool definition (github-mcp-server's __toolsnaps__): any change to what
 * clients see is a visible diff. Regenerate deliberately with `npm run docs:tools`.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TOOLS } from "./index.js";
import { renderToolsDoc, rolesSnapshot, snapshotOf } from "./reference.js";

const root = path.join(import.meta.dirname, "..");
const dir = path.join(root, "tools", "__toolsnaps__");
const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");

describe("what clients see is committed", () => {
  it("every tool has a snapshot equal to its definition, and no snapshot is orphaned", () => {
    const orphans = new Set(fs.readdirSync(dir).filter((f) => f.endsWith(".json") && !f.startsWith("_")));
    const changed: string[] = [];
    for (const t of TOOLS) {
      orphans.delete(`${t.name}.json`);
      if (read(path.join(dir, `${t.name}.json`)) !== snapshotOf(t.name)) changed.push(t.name);
    }
    expect(changed, "tool definitions changed: review, then run `npm run docs:tools`").toEqual([]);
    expect([...orphans], "snapshots of tools that no longer exist").toEqual([]);
  });

  it("the tools each role may use are the committed list", () => {
    expect(read(path.join(dir, "_roles.json"))).toBe(rolesSnapshot());
  });

  it("docs/tools.md is current", () => {
    expect(read(path.join(root, "docs", "tools.md"))).toBe(renderToolsDoc());
  });
});
