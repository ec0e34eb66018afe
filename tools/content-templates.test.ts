/** Template loading (a missing or broken file stops startup), rendering as plain text, and the text formats. */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { nextVersion } from "./content-documents.js";
import {
  formatAmount,
  joinAnd,
  loadTemplates,
  longDate,
  renderDraft,
  TEMPLATE_DIR,
  TEMPLATES,
  weekdayDate,
} from "./content-templates.js";

describe("loadTemplates", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  /** A copy of prompts/templates as a directory URL. */
  const copy = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "omni-templates-"));
    dirs.push(dir);
    for (const f of readdirSync(TEMPLATE_DIR)) copyFileSync(new URL(f, TEMPLATE_DIR), path.join(dir, f));
    return { dir, url: pathToFileURL(`${dir}/`) };
  };

  it("loads one file per kind from prompts/templates", () => {
    const files = readdirSync(TEMPLATE_DIR).sort();
    expect(
      Object.values(TEMPLATES)
        .map((t) => t.file)
        .sort(),
    ).toEqual(files);
    const loaded = loadTemplates(TEMPLATE_DIR);
    for (const kind of Object.keys(TEMPLATES))
      expect(loaded[kind as keyof typeof loaded].length).toBeGreaterThan(20);
  });

  it("a missing template is an error naming the file, not an empty draft", () => {
    const { dir, url } = copy();
    rmSync(path.join(dir, "caption.mustache"));
    expect(() => loadTemplates(url)).toThrow(/caption\.mustache is missing/);
  });

  it("a template that does not parse is an error naming the file", () => {
    const { dir, url } = copy();
    writeFileSync(path.join(dir, "sop.mustache"), "{{#steps}}never closed");
    expect(() => loadTemplates(url)).toThrow(/sop\.mustache does not parse/);
  });
});

describe("renderDraft", () => {
  it("renders plain text (nothing HTML-escaped), takes the Subject line, and trims the gaps of empty sections", () => {
    const { template, draft } = renderDraft("caption", {
      idea: "Beans & <b>brews</b>",
      fromPost: true,
      campaign: false,
      address: "",
      hashtags: "#Cafe",
      business: "Café",
    });
    expect(template).toBe("caption.mustache");
    expect(draft).toEqual({ body: "Beans & <b>brews</b>\n\n#Cafe" });
  });

  it("a name the template uses but the view lacks is a bug, thrown", () => {
    expect(() => renderDraft("caption", { fromPost: true })).toThrow(/caption\.mustache uses \{\{idea\}\}/);
  });

  it("list templates give one item a line", () => {
    const { draft } = renderDraft("subject_lines", {
      name: "Spring sale",
      business: "Café",
      sender: "Ana",
      campaign: { name: "Spring sale", endsOn: "May 1, 2027" },
      products: [{ name: "Espresso" }],
    });
    expect(draft).toEqual({
      items: [
        "Spring sale from Café",
        "Last chance: Spring sale ends May 1, 2027",
        "Customer favourite: Espresso",
        "Inside: Spring sale, and what's new at Café this month",
        "A quick note from Ana at Café",
      ],
    });
  });
});

describe("text formats", () => {
  it("amounts are grouped as text with the currency; dates are calendar dates", () => {
    expect(formatAmount("28131.50", "USD")).toBe("28,131.50 USD");
    expect(formatAmount("1234567", "JPY")).toBe("1,234,567 JPY");
    expect(formatAmount("-5443.97", "EUR")).toBe("-5,443.97 EUR");
    expect(longDate("2026-11-25")).toBe("November 25, 2026");
    expect(weekdayDate("2026-11-30")).toBe("Monday, November 30");
    expect(joinAnd(["a"])).toBe("a");
    expect(joinAnd(["a", "b", "c"])).toBe("a, b and c");
  });

  it("a revised document gets the next version", () => {
    expect(nextVersion("1.1")).toBe("1.2");
    expect(nextVersion("2025.1")).toBe("2025.2");
    expect(nextVersion("3")).toBe("4");
    expect(nextVersion(null)).toBe("1.0");
    expect(nextVersion("draft")).toBe("draft (revised)");
  });
});
