import type { z } from "zod";
import { discriminatorValues, schemasAt } from "./walk";

/** A scenario that failed validation; the message lists every problem as `dotted.path: problem`. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid scenario ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ScenarioError";
  }
}

/** `market.collateral.ltv`, `keepers[1].strategy`; "(root)" for the whole document. */
export function dottedPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out === "" ? "(root)" : out;
}

const show = (v: unknown): string => {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v);
  const json = JSON.stringify(v);
  return json === undefined ? String(v) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
};

/** One problem line `path: message (got value)`, as `formatIssue` writes it; no "(got …)" without a value. */
export function problemLine(path: readonly PropertyKey[], message: string, input?: { value: unknown }): string {
  return `${dottedPath(path)}: ${message}${input ? ` (got ${show(input.value)})` : ""}`;
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** One line per issue, in the form `path: problem (got value)`. */
export function formatIssue(issue: z.core.$ZodIssue, root: z.ZodType): string[] {
  const path = issue.path;
  const got = "input" in issue ? ` (got ${show(issue.input)})` : "";
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => `${dottedPath([...path, k])}: unknown field`);
    case "too_small":
    case "too_big": {
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const what =
        issue.origin === "array" ? "length must be" : issue.origin === "string" ? "length must be" : "must be";
      return [`${dottedPath(path)}: ${what} ${op} ${String(bound)}${got}`];
    }
    case "invalid_type": {
      const input = "input" in issue ? issue.input : undefined;
      if (input === undefined) return [`${dottedPath(path)}: required (${issue.expected})`];
      const expected =
        issue.expected === "int" ? "an integer" : `${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
      return [`${dottedPath(path)}: must be ${expected}, not ${typeName(input)}${got}`];
    }
    case "invalid_value":
      return [`${dottedPath(path)}: must be one of ${issue.values.map((v) => show(v)).join(", ")}${got}`];
    case "invalid_union": {
      const parent = schemasAt(root, path.slice(0, -1))[0];
      const disc = parent ? discriminatorValues(parent) : undefined;
      if (disc && path[path.length - 1] === disc.key) {
        const input = "input" in issue ? (issue.input as Record<string, unknown> | undefined) : undefined;
        const tag = input && typeof input === "object" ? ` (got ${show(input[disc.key])})` : "";
        return [`${dottedPath(path)}: must be one of ${disc.values.map((v) => show(v)).join(", ")}${tag}`];
      }
      const own = schemasAt(root, path)[0];
      const ownDisc = own ? discriminatorValues(own) : undefined;
      if (ownDisc) {
        return [
          `${dottedPath([...path, ownDisc.key])}: must be one of ${ownDisc.values.map((v) => show(v)).join(", ")}`,
        ];
      }
      if (issue.message !== "Invalid input") return [`${dottedPath(path)}: ${issue.message}${got}`];
      const alternatives = issue.errors.map((e) => e.map((i) => i.message).join("; ")).join(" | ");
      return [`${dottedPath(path)}: matches no allowed form (${alternatives})${got}`];
    }
    case "invalid_format":
      return [`${dottedPath(path)}: ${issue.message}${got}`];
    case "not_multiple_of":
      return [`${dottedPath(path)}: must be a multiple of ${String(issue.divisor)}${got}`];
    default:
      return [`${dottedPath(path)}: ${issue.message}${got}`];
  }
}
