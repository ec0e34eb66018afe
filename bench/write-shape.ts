/**
 * Token cost of the two ways to expose writes (docs/decisions/002): one `<entity>_write` tool with a method,
 * as generated, versus separate `_create`, `_update` and `_archive` tools rendered from the same fields.
 */
import { z } from "zod";
import { estimateTokens } from "../tools/describe.js";
import { ENTITIES } from "../tools/entities.js";
import { writeFieldsSchema } from "../tools/fields.js";
import { registry } from "../tools/index.js";
import { printJson } from "./common.js";

const tokens = (name: string, description: string, schema: z.ZodType) =>
  Math.ceil(
    JSON.stringify({
      name,
      description,
      input_schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }),
    }).length / 4,
  );

let combined = 0;
let separate = 0;
let entities = 0;
for (const spec of ENTITIES.filter((e) => !e.readOnly)) {
  const tool = registry.get(`${spec.plural}_write`);
  if (!tool) continue;
  entities++;
  combined += estimateTokens(tool);
  const id = z.string().describe(`${spec.type} id`);
  separate += tokens(`${spec.plural}_create`, `Create ${spec.about}.`, writeFieldsSchema(spec, "create"));
  separate += tokens(
    `${spec.plural}_update`,
    `Change fields of ${spec.about}.`,
    z.object({ id, fields: writeFieldsSchema(spec, "update") }),
  );
  separate += tokens(`${spec.plural}_archive`, `Archive ${spec.about}.`, z.object({ id }));
}
printJson({
  bench: "write-shape",
  entities,
  oneWriteTool: { tools: entities, tokens: combined },
  separateTools: { tools: entities * 3, tokens: separate },
});
