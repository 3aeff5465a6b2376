/**
 * `npx hardhat run scripts/derivatives/perp/docs.ts`: regenerates the generated blocks of docs/derivatives-perp.md
 * (between `<!-- perp:NAME:start -->` and `<!-- perp:NAME:end -->`): the parameter table, the gas table (from
 * receipts) and the preset's headline (from a run and its no-book counterfactual). About a minute and a half of CPU.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { perpPresetSchema } from "./scenario";
import { runPerpCascade } from "./run";
import { headline } from "./headline";
import { measurePerpGas } from "./gas";
import { PARAM_DOCS } from "./params";
import { DEFAULT_PRESET } from "./cascade";

const DOC = path.join(__dirname, "..", "..", "..", "docs", "derivatives-perp.md");

/** Replaces the block NAME of `text` (markers kept); throws when the markers are missing. */
export function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- perp:${name}:start -->`;
  const end = `<!-- perp:${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/derivatives-perp.md: markers of block "${name}" missing`);
  return text.slice(0, i + start.length) + "\n" + body.trimEnd() + "\n" + text.slice(j);
}

async function main() {
  let text = fs.readFileSync(DOC, "utf8");
  const params = [
    "| parameter | unit | default | rule (venue) |",
    "|---|---|---|---|",
    ...PARAM_DOCS.map((p) => `| \`${p.name}\` | ${p.unit} | ${p.default} | ${p.rule} |`),
  ];
  text = replaceBlock(text, "params", params.join("\n"));

  const gas = await measurePerpGas(hre);
  text = replaceBlock(
    text,
    "gas",
    [
      "| action | gas used |",
      "|---|---:|",
      ...gas.map((g) => `| ${g.action} | ${g.gasUsed.toLocaleString("en-US")} |`),
    ].join("\n"),
  );

  const preset = perpPresetSchema.parse(JSON.parse(fs.readFileSync(DEFAULT_PRESET, "utf8")));
  const run = await runPerpCascade(hre, preset, true);
  const counterfactual = await runPerpCascade(hre, preset, false);
  const h = headline(preset, run, counterfactual);
  const usd = (x: number) => Math.round(x).toLocaleString("en-US");
  const lines = [
    `Preset \`${h.preset}\` (${h.steps} steps of ${preset.stepSeconds} s, seed \`${preset.seed}\`):`,
    "",
    "| measure | value |",
    "|---|---:|",
    `| positions opened (longs / shorts / skipped) | ${h.positionsOpened.longs} / ${h.positionsOpened.shorts} / ${h.positionsOpened.skipped} |`,
    `| open notional, long / short (USD) | ${usd(h.openNotional.long)} / ${usd(h.openNotional.short)} |`,
    `| liquidations: market sales (slices included) / backstop takeovers | ${h.liquidations.marketSales} / ${h.liquidations.backstopTakeovers} |`,
    `| liquidated notional (USD) | ${usd(h.liquidations.notional)} |`,
    `| external low with the book / without it (USD) | ${h.externalLow.withBook} / ${h.externalLow.withoutBook} |`,
    `| extra fall caused by the perp liquidations (%) | ${h.externalLow.extraFallPct} |`,
    `| bad debt recognised (USD) | ${usd(h.badDebt.total)} |`,
    `| covered by the insurance fund / by ADL / uncovered (USD) | ${usd(h.badDebt.coveredByInsurance)} / ${usd(h.badDebt.coveredByAdl)} / ${usd(h.badDebt.uncovered)} |`,
    `| insurance fund drained at step | ${h.insuranceDrainedAtStep ?? "never"} |`,
    `| ADL events (first at step) | ${h.adlEvents} (${h.firstAdlStep ?? "none"}) |`,
    `| backstop vault's result at the end, at the pool price (USD) | ${usd(h.vaultPnl)} |`,
    `| Σ margins + insurance + vault + fees = tokens held, both runs | ${h.conserved ? "yes, to the wei" : "NO"} |`,
  ];
  text = replaceBlock(text, "headline", lines.join("\n"));
  fs.writeFileSync(DOC, text);
  console.log("docs/derivatives-perp.md regenerated");
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
