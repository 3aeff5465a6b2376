/**
 * Renders docs/contract-bounds.md from contract-bounds.ts: every scenario field a contract bounds, the allowed range
 * and the constant or rule that enforces it. A test keeps the document equal to this output.
 */
import { CONTRACT_CONSTANTS, RANGE_RULES, RELATION_RULES, boundValue, rangeText } from "./contract-bounds";
import { mdTable } from "../../report/doc-format";

const code = (s: string) => `\`${s}\``;

export function renderContractBounds(): string {
  const ranges = RANGE_RULES.map((r) => [
    code(r.path),
    `${rangeText(r)} ${r.unit}`,
    [r.min?.source, r.max?.source].filter((x) => x !== undefined).join("; "),
    r.whenText ?? "always",
  ]);
  const relations = RELATION_RULES.map((r) => [code(r.path), r.rule, r.source, r.whenText ?? "always"]);
  const constants = Object.values(CONTRACT_CONSTANTS).map((k) => {
    const wad = k.raw >= 10n ** 17n;
    const shown = wad ? `${boundValue({ raw: k.raw, inclusive: true, source: "" }, "wad")} (WAD)` : String(k.raw);
    return [
      code(`${k.contract}.${k.name}`),
      code(String(k.raw)),
      shown,
      k.read === "getter" ? "public getter" : "private (seen in its revert)",
    ];
  });
  return [
    "# Bounds the contracts enforce on a scenario",
    "",
    "<!-- Generated from scripts/sim/scenario/contract-bounds.ts by `npx ts-node scripts/tasks/gen-contract-bounds-doc.ts`. Do not edit. -->",
    "",
    "A scenario is checked against every bound below after the schema has validated it and before anything is",
    "deployed: a value a contract would refuse with a revert mid-setup is refused at once, with the field, the allowed",
    "range and what enforces it (`npx hardhat cascade --set amm.feeBps=10000` → `amm.feeBps: must be >= 0 and < 10000",
    "bps (ConstantProductPool: fee < BPS) (got 10000)`). Field units and defaults: [scenario-reference.md](scenario-reference.md).",
    "A lower bound the contract leaves open is the schema's. test/sim/contract-bounds.test.ts reads every constant",
    "from the compiled contracts and checks each range at its edge, so this page cannot drift from the Solidity.",
    "",
    "## Ranges",
    "",
    mdTable(["field", "allowed", "enforced by", "checked"], ranges),
    "",
    "## Relations between fields",
    "",
    mdTable(["field", "rule", "enforced by", "checked"], relations),
    "",
    "## The constants",
    "",
    mdTable(["constant", "on chain", "in scenario units", "read by the test"], constants),
    "",
  ].join("\n");
}
