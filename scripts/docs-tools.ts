/** Regenerates tools/__toolsnaps__ and docs/tools.md from the registry (`npm run docs:tools`). */
import fs from "node:fs";
import path from "node:path";
import { TOOLS } from "../tools/index.js";
import { renderToolsDoc, rolesSnapshot, snapshotOf } from "../tools/reference.js";

const root = path.join(import.meta.dirname, "..");
const snaps = path.join(root, "tools", "__toolsnaps__");
fs.rmSync(snaps, { recursive: true, force: true });
fs.mkdirSync(snaps, { recursive: true });
for (const t of TOOLS) fs.writeFileSync(path.join(snaps, `${t.name}.json`), snapshotOf(t.name));
fs.writeFileSync(path.join(snaps, "_roles.json"), rolesSnapshot());
fs.mkdirSync(path.join(root, "docs"), { recursive: true });
fs.writeFileSync(path.join(root, "docs", "tools.md"), renderToolsDoc());
console.log(`wrote ${TOOLS.length} snapshots and docs/tools.md`);
