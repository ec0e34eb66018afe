import { describe, expect, it } from "vitest";
import { toolDefinition } from "../../tools/describe.js";
import { registry } from "../../tools/index.js";
import { fieldsOfSchema, issuesToFields, type JsonSchema, parseForm, queryToInput } from "./schema-form.js";

const writeSchema = toolDefinition(registry.get("invoices_write")!).inputSchema as JsonSchema;
const listSchema = toolDefinition(registry.get("invoices_list")!).inputSchema as JsonSchema;

describe("forms from tool schemas", () => {
  const fields = fieldsOfSchema(writeSchema.properties!.fields, new Set(["number"]));
  const kind = (name: string) => fields.find((f) => f.name === name);

  it("gives each property of the write tool an input kind", () => {
    expect(kind("customerId")).toMatchObject({ kind: "id", idPrefix: "cus", nullable: false });
    expect(kind("externalId")).toMatchObject({ kind: "id", idPrefix: "", nullable: true });
    expect(kind("status")).toMatchObject({
      kind: "enum",
      options: ["draft", "sent", "paid", "overdue", "void"],
    });
    expect(kind("total")?.kind).toBe("money");
    expect(kind("dueDate")?.kind).toBe("date");
    expect(kind("sentAt")?.kind).toBe("datetime");
    expect(kind("notes")).toMatchObject({ kind: "textarea", nullable: true });
    expect(kind("number")).toMatchObject({ kind: "text", required: true });
  });

  it("turns submitted text into tool input: typed, empties left out, only changes on update", () => {
    expect(parseForm(fields, { number: " INV-9 ", total: "10.50", notes: "", status: "sent" })).toEqual({
      values: { number: "INV-9", total: "10.50", status: "sent" },
      errors: {},
    });
    const original = { number: "INV-9", notes: "old", total: "10.50" };
    expect(parseForm(fields, { number: "INV-9", notes: "", total: "11.00" }, original).values).toEqual({
      notes: null,
      total: "11.00",
    });
    const ints = fieldsOfSchema({
      properties: { n: { type: "integer" }, b: { type: "boolean" }, t: { type: "array" } },
    });
    expect(parseForm(ints, { n: "4x", b: "true", t: "a, b," })).toEqual({
      values: { b: true, t: ["a", "b"] },
      errors: { n: "must be a whole number" },
    });
  });

  it("maps the tool's issue lines back onto fields", () => {
    expect(
      issuesToFields(["fields.total: must be a decimal amount", "fields.lines.0.qty: bad", "id: required"]),
    ).toEqual({
      byField: { total: "must be a decimal amount", lines: "bad" },
      other: ["id: required"],
    });
  });

  it("types list filters from the query string and drops unknown keys", () => {
    expect(
      queryToInput(listSchema, { status: "paid", includeArchived: "true", limit: "5", bogus: "x", q: " " }),
    ).toEqual({
      status: "paid",
      includeArchived: true,
      limit: 5,
    });
  });
});
