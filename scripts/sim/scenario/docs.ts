/**
 * Renders the scenario parameter reference (Markdown) from the schema: one table per section with field, unit,
 * default and description. `docs/scenario-reference.md` is this output; a test keeps the two equal.
 */
import type { z } from "zod";
import { fieldMeta } from "./field";
import { inherited } from "./inherit";
import { scenarioSchema } from "./schema";
import { defOf, objectVariants, unwrap } from "./walk";

interface Row {
  field: string;
  unit: string;
  default: string;
  description: string;
}

interface Section {
  path: string;
  /** For a union variant: its tag field and value. */
  variant?: { key: string; tag: string };
  note?: string;
  rows: Row[];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function defaultText(schema: z.ZodType): string {
  const { hasDefault, default: value, core } = unwrap(schema);
  if (hasDefault) return `\`${JSON.stringify(value)}\``;
  if (defOf(schema).type === "optional") return "(none)";
  if (defOf(core).type === "literal") return "";
  return "**required**";
}

/** Objects (and unions of objects, and arrays of objects) become their own sections; leaves become rows. */
function collect(schema: z.ZodType, path: string, sections: Section[]): void {
  const variants = objectVariants(schema);
  const core = defOf(unwrap(schema).core);
  if (core.type === "array" && core.element && objectVariants(core.element).length > 0) {
    collect(core.element, `${path}[]`, sections);
    return;
  }
  for (const v of variants) {
    const variant = v.tag ? { key: discriminatorKey(schema), tag: v.tag } : undefined;
    const section: Section = { path, variant, rows: [] };
    sections.push(section);
    const nested: [string, z.ZodType][] = [];
    for (const [key, child] of Object.entries(v.shape)) {
      const childPath = path === "" ? key : `${path}.${key}`;
      const childCore = defOf(unwrap(child).core);
      const isObjectLike =
        objectVariants(child).length > 0 ||
        (childCore.type === "array" && childCore.element !== undefined && objectVariants(childCore.element).length > 0);
      const inherits = inherited.get(child);
      if (isObjectLike && !inherits?.whole) {
        nested.push([childPath, child]);
        continue;
      }
      if (childCore.type === "literal") continue; // a union's tag: shown in the section title
      const meta = fieldMeta.get(child);
      section.rows.push({
        field: `\`${childPath}\``,
        unit: meta?.unit ?? "",
        default: inherits ? `top-level \`${inherits.from}\`` : defaultText(child),
        description: meta?.description ?? "",
      });
    }
    for (const [childPath, child] of nested) {
      const meta = fieldMeta.get(child);
      collect(child, childPath, sections);
      if (meta) {
        const own = sections.find((s) => s.path === childPath || s.path === `${childPath}[]`);
        if (own && !own.note) own.note = `${meta.description} Default: ${defaultText(child)}.`;
      }
    }
  }
}

function discriminatorKey(schema: z.ZodType): string {
  return defOf(unwrap(schema).core).discriminator ?? "kind";
}

export function renderScenarioReference(schema: z.ZodType = scenarioSchema): string {
  const sections: Section[] = [];
  collect(schema, "", sections);
  const out: string[] = [
    "# Scenario reference",
    "",
    "<!-- Generated from scripts/sim/scenario/schema.ts by `npx ts-node scripts/tasks/gen-scenario-docs.ts`. Do not edit. -->",
    "",
    "A scenario is a JSON file (presets in `scenarios/`). Every field is optional unless marked required; a",
    "missing field takes its default. Amounts are in human units (whole tokens, ratios as 0.8 = 80%); the engine",
    "converts them with the tokens' decimals. Unknown fields are errors. Override any field on the command line",
    'with `--set path=value` (for example `--set oracle.latencySeconds=30`, `--set \'path={"kind":"gbm"}\'`).',
    "Fields of a union (`kind`/`policy`) belong to the variant named in the section title. Fields of listed assets",
    "and markets (`assets[]`, `markets[]`) default to the top-level field named in their default column; see",
    "docs/topology.md.",
    "",
  ];
  for (const s of sections) {
    if (s.rows.length === 0 && !s.note) continue;
    const variant = s.variant ? ` — \`${s.variant.key}: "${s.variant.tag}"\`` : "";
    out.push(`## ${s.path === "" ? "top level" : `\`${s.path}\``}${variant}`, "");
    if (s.note) out.push(s.note, "");
    if (s.rows.length > 0) {
      out.push("| field | unit | default | description |", "| --- | --- | --- | --- |");
      for (const r of s.rows)
        out.push(`| ${r.field} | ${cell(r.unit)} | ${cell(r.default)} | ${cell(r.description)} |`);
      out.push("");
    }
  }
  return out.join("\n");
}
