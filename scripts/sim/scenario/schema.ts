/**
 * The one source of truth for a scenario's shape: validation, defaults, units and descriptions.
 * Amounts are human units in JSON (2000000 debt tokens, 0.83 as a ratio); the engine converts them to base
 * units and WAD with the tokens' decimals at the chain boundary. `docs/scenario-reference.md` is generated from
 * this file (`npx ts-node scripts/tasks/gen-scenario-docs.ts`).
 */
import type { z } from "zod";
import { scenarioObject } from "./scenario-object";
import { systemProblems } from "./system-checks";

export * from "./asset-schema";
export * from "./path-schema";
export * from "./market-schema";
export * from "./keeper-schema";
export * from "./system-schema";
export * from "./derivatives-schema";
export * from "./scenario-object";

/** The scenario schema: fields, then the checks across fields (references between assets, markets and keepers). */
export const scenarioSchema = scenarioObject.check((ctx) => {
  // Fields with problems of their own may hold anything: cross-field checks wait until those are fixed.
  if (ctx.issues.length > 0) return;
  for (const p of systemProblems(ctx.value)) {
    // An issue without `input` prints no "(got …)": the message says what is wrong with the whole.
    const issue = { code: "custom", path: p.path, message: p.message, ...("input" in p ? { input: p.input } : {}) };
    ctx.issues.push(issue as z.core.$ZodRawIssue);
  }
  // Derivatives venues sit on the single-asset world's AMM and feed (issue 20): not yet on a system's assets.
  for (const venue of ["perp", "options"] as const) {
    if (ctx.value[venue] && (ctx.value.assets || ctx.value.markets)) {
      const message = "a derivatives venue needs a single-asset scenario (no `assets` or `markets`)";
      ctx.issues.push({ code: "custom", path: [venue], message } as z.core.$ZodRawIssue);
    }
  }
});

/** What a scenario file may hold: every field optional where it has a default. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
