/** Document drafts: SOPs and policies (from the closest existing one, else a skeleton) and job descriptions. */
import { z } from "zod";
import { idPattern } from "../db/ids.js";
import { amount, idInput, notFound, ref, voiceOf } from "./content-common.js";
import * as q from "./content-queries-docs.js";
import { DRAFT_NOTE, draftOutput, groupedAmount, longDate, renderDraft } from "./content-templates.js";
import { addMonths, today } from "./dates.js";
import { type AnyTool, defineTool, type Ref, type ToolContext } from "./define.js";
import { ToolInputError, ToolNotFound } from "./errors.js";
import { money } from "./money.js";

// ── knowledge_draft_document ───────────────────────────────────────────────────────────────────────────

const DOC_KINDS = ["sop", "policy"] as const;
const DOC_PREFIX = { sop: "sop", policy: "pol" } as const;

/** "1.1" → "1.2", "3" → "4", "2025.1" → "2025.2"; anything else gets " (revised)". */
export function nextVersion(v: string | null): string {
  if (!v) return "1.0";
  const m = /^(.*?)(\d+)$/.exec(v.trim());
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${v} (revised)`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type SopRow = NonNullable<Awaited<ReturnType<typeof q.sopById>>>;
type PolicyRow = NonNullable<Awaited<ReturnType<typeof q.policyById>>>;

/**
 * The SOP or policy a draft revises: the one named, else the best match for the topic (none: a skeleton), else
 * with no topic the one due for review.
 */
async function baseDocument(
  ctx: ToolContext,
  kind: (typeof DOC_KINDS)[number],
  input: { topic?: string; basedOnId?: string },
): Promise<{ sop?: SopRow; policy?: PolicyRow }> {
  const { db } = ctx;
  const b = ctx.business.id;
  const { topic, basedOnId: id } = input;
  if (kind === "sop") {
    const sop = id
      ? await q.sopById(db, b, id)
      : topic
        ? await q.matchingSop(db, b, topic)
        : await q.sopDueForReview(db, b);
    if (id && !sop) throw notFound("SOP", id);
    return { sop };
  }
  const policy = id
    ? await q.policyById(db, b, id)
    : topic
      ? await q.matchingPolicy(db, b, topic)
      : await q.policyDueForReview(db, b);
  if (id && !policy) throw notFound("policy", id);
  return { policy };
}

export const documentTool = defineTool({
  name: "knowledge_draft_document",
  module: "knowledge",
  title: "Draft an SOP or policy",
  description:
    "Draft a standard operating procedure (kind sop) or a policy (kind policy) about a topic, revising the closest existing SOP or policy (its steps or rules) or starting a skeleton when there is none; with no topic, the one due for review. Existing ones: sops_list, policies_list.",
  input: z.strictObject({
    kind: z.enum(DOC_KINDS).default("sop").describe("sop (default) or policy"),
    topic: z
      .string()
      .trim()
      .min(2)
      .max(200)
      .optional()
      .describe("what it is about, e.g. 'closing the shop' or 'refunds'"),
    basedOnId: idInput(
      "sop|pol",
      "an SOP or policy",
      "revise this SOP (sop_…) or policy (pol_…) instead of searching by topic",
    ),
  }),
  output: draftOutput(DOC_KINDS, {
    topic: z.string().nullable(),
    title: z.string(),
    basedOn: z
      .object({
        id: z.string(),
        title: z.string(),
        version: z.string().nullable(),
        status: z.string(),
        reviewedOn: z.string().nullable().describe("SOPs: when it was last reviewed"),
        reviewOn: z.string().nullable().describe("policies: when it is due for review"),
      })
      .nullable()
      .describe("the existing SOP or policy the draft revises; null for a new skeleton"),
    version: z.string().describe("version of this draft"),
    steps: z.array(z.string()).describe("SOP steps taken from the existing SOP"),
    points: z.array(z.string()).describe("policy rules taken from the existing policy"),
    effectiveOn: z.string().describe("today, in the business's time zone"),
    nextReview: z.string().describe("a year from today"),
    owner: z.string(),
    business: z.string(),
  }),
  access: "read",
  async run(ctx, input) {
    const { kind, topic } = input;
    const prefix = DOC_PREFIX[kind];
    if (input.basedOnId && !idPattern(prefix).test(input.basedOnId))
      throw new ToolInputError(`basedOnId does not name ${kind === "sop" ? "an SOP" : "a policy"}`, [
        `basedOnId: give a ${prefix}_ id for kind ${kind}, or change kind`,
      ]);
    const { sop, policy } = await baseDocument(ctx, kind, input);
    const base = sop ?? policy;
    if (!base && !topic)
      throw new ToolInputError(`Name the ${kind}'s topic`, ["topic: e.g. 'closing the shop'"]);
    const voice = await voiceOf(ctx);
    const t = today(ctx);
    const nextReview = addMonths(t, 12);
    const fresh = topic ? capitalize(topic) : "";
    const title =
      base?.title ?? (kind === "policy" && !/\bpolic(y|ies)\b/i.test(fresh) ? `${fresh} policy` : fresh);
    const steps = sop?.steps ?? [];
    const points = policy?.body ? policy.body.split(/(?<=[.!?])\s+/).filter(Boolean) : [];
    const version = nextVersion(base?.version ?? null);
    const view = {
      ...voice,
      title,
      topic: topic ?? title.toLowerCase(),
      version,
      owner: voice.sender,
      today: longDate(t),
      nextReview: longDate(nextReview),
      basedOn: base
        ? {
            title: base.title,
            version: base.version ?? "",
            reviewedOn: sop?.reviewedOn ? longDate(sop.reviewedOn) : "",
          }
        : false,
      purpose: sop?.body ?? "",
      steps: steps.map((text, i) => ({ n: i + 1, text })),
      summary: policy?.summary ?? "",
      points,
    };
    const refs: Ref[] = base ? [ref(kind, base)] : [];
    return {
      kind,
      ...renderDraft(kind, view),
      facts: {
        topic: topic ?? null,
        title,
        basedOn: base
          ? {
              id: base.id,
              title: base.title,
              version: base.version,
              status: base.status,
              reviewedOn: sop?.reviewedOn ?? null,
              reviewOn: policy?.reviewOn ?? null,
            }
          : null,
        version,
        steps,
        points,
        effectiveOn: t,
        nextReview,
        owner: voice.sender,
        business: voice.business,
      },
      note: DRAFT_NOTE,
      refs,
    };
  },
});

// ── people_draft_job_description ───────────────────────────────────────────────────────────────────────

const EMPLOYMENT = {
  full_time: "Full-time",
  part_time: "Part-time",
  contractor: "Contract",
  intern: "Internship",
} as const;

export const jobDescriptionTool = defineTool({
  name: "people_draft_job_description",
  module: "people",
  title: "Draft a job description",
  description:
    "Draft a job description for a position (default: the oldest open one) from its title, department, pay band, team, who it reports to and the department's SOPs. Find position ids with positions_list or search.",
  input: z.strictObject({
    positionId: idInput(
      "pos",
      "a position",
      "position id (pos_…); default: the oldest open position. Find it with positions_list q=<title>",
    ),
  }),
  output: draftOutput(["job_description"], {
    positionId: z.string(),
    title: z.string(),
    department: z.string().nullable(),
    level: z.string().nullable(),
    summary: z.string().nullable().describe("the position's own description"),
    isOpen: z.boolean(),
    salaryMin: amount.nullable().describe("yearly"),
    salaryMax: amount.nullable().describe("yearly"),
    currency: z.string(),
    employmentType: z.string().nullable().describe("most common among the people in this position"),
    holders: z.number().int().describe("active employees in this position"),
    departmentSize: z.number().int().describe("active employees in the department"),
    reportsTo: z.string().nullable().describe("position title of the manager this position reports to"),
    procedures: z.array(z.string()).describe("active SOPs of the department, named as duties"),
    location: z.string().nullable(),
    business: z.string(),
  }),
  access: "read",
  async run(ctx, input) {
    const b = ctx.business.id;
    const id = input.positionId ?? (await q.oldestOpenPosition(ctx.db, b));
    if (!id) throw new ToolNotFound("No open position; give positionId (find it with positions_list).");
    const pos = await q.positionById(ctx.db, b, id);
    if (!pos) throw notFound("position", id);
    const team = await q.positionTeam(ctx.db, b, pos.id, pos.department);
    const sops = pos.department ? await q.sopsInCategory(ctx.db, b, pos.department, 4) : [];
    const voice = await voiceOf(ctx);
    const cur = pos.currency;
    const min = pos.salaryMinMinor === null ? null : money(pos.salaryMinMinor, cur);
    const max = pos.salaryMaxMinor === null ? null : money(pos.salaryMaxMinor, cur);
    const range =
      min && max
        ? `${groupedAmount(min)}–${groupedAmount(max)} ${cur}`
        : min || max
          ? `${groupedAmount((min ?? max)!)} ${cur}`
          : "";
    const employment = team.employment_type as keyof typeof EMPLOYMENT | null;
    const view = {
      ...voice,
      title: pos.title,
      department: pos.department ?? "",
      summary: pos.description ?? "",
      employment: employment ? EMPLOYMENT[employment] : "",
      teamSize: team.department_size || "",
      reportsTo: team.reports_to ?? "",
      procedures: sops.map((s) => s.title),
      salaryRange: range,
      location: voice.address,
    };
    return {
      kind: "job_description" as const,
      ...renderDraft("job_description", view),
      facts: {
        positionId: pos.id,
        title: pos.title,
        department: pos.department,
        level: pos.level,
        summary: pos.description,
        isOpen: pos.isOpen,
        salaryMin: min,
        salaryMax: max,
        currency: cur,
        employmentType: employment,
        holders: team.holders,
        departmentSize: team.department_size,
        reportsTo: team.reports_to,
        procedures: sops.map((s) => s.title),
        location: voice.address || null,
        business: voice.business,
      },
      note: DRAFT_NOTE,
      refs: [ref("position", pos), ...sops.map((s) => ref("sop", s))],
    };
  },
});

export const documentTools: AnyTool[] = [documentTool, jobDescriptionTool];
