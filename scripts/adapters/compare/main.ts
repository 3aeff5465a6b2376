/**
 * The side-by-side liquidation comparison (issue 17): every protocol in the registry (../registry.ts), the same book and the same two
 * shocks, then docs/protocols.md and docs/protocols-results.json. Run:
 *   npx hardhat run scripts/adapters/compare/main.ts      (or: npm run protocols)
 * Environment: PROTOCOLS_POSITIONS (default 40); PROTOCOLS_RENDER_ONLY=1 re-renders docs/protocols.md from
 * docs/protocols-results.json without running (after a change to the page's text).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { deployerOf, protocolKinds } from "../registry";
import type { DeployMarket, ProtocolKind } from "../market-adapter";
import { deployAaveV3With } from "../aave-v3/deploy-market";
import { deployLabWith } from "../lab/deploy";
import { renderProtocolsDoc, type CompareResults } from "./doc";
import { runProtocol, type ProtocolResult, type Shock } from "./run";

export const SHOCKS: Shock[] = [
  { name: "moderate", priceBps: 8_000n },
  { name: "severe", priceBps: 5_500n },
];
const DEFAULT_POSITIONS = 40;
/** Aave mainnet WETH's liquidationProtocolFee (basis points of the bonus). */
const AAVE_MAINNET_WETH_PROTOCOL_FEE_BPS = 1000;

const WAD = 10n ** 18n;
/** The lab with its close factor lifted to 100%: Qin et al.'s "no limit on one liquidation's repay". */
export const LAB_FULL_CLOSE_LABEL = "lab close factor 100%";

interface Column {
  label: string;
  protocol: ProtocolKind;
  deploy: DeployMarket;
}

/** Every registered protocol with its defaults, then the variants worth a column of their own. */
export async function columns(): Promise<Column[]> {
  const out: Column[] = [];
  for (const p of protocolKinds()) out.push({ label: p, protocol: p, deploy: await deployerOf(p) });
  out.push({ label: LAB_FULL_CLOSE_LABEL, protocol: "lab", deploy: deployLabWith({ closeFactor: WAD }) });
  out.push({
    label: "aave-v3 fee 10%",
    protocol: "aave-v3",
    deploy: deployAaveV3With({ liquidationProtocolFeeBps: AAVE_MAINNET_WETH_PROTOCOL_FEE_BPS }),
  });
  return out;
}
const COMMAND = "npm run protocols";

/** bigint -> string in JSON, and back for the fields that are bigint. */
export const toJson = (x: unknown) =>
  JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v), 2) + "\n";
export const fromJson = (text: string) =>
  JSON.parse(text, (_k, v: unknown) => (typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v));

const DOCS = path.join(__dirname, "..", "..", "..", "docs");

async function main() {
  if (process.env.PROTOCOLS_RENDER_ONLY === "1") {
    const saved = fromJson(fs.readFileSync(path.join(DOCS, "protocols-results.json"), "utf8")) as CompareResults;
    fs.writeFileSync(path.join(DOCS, "protocols.md"), renderProtocolsDoc(saved));
    console.log("re-rendered docs/protocols.md from docs/protocols-results.json");
    return;
  }
  const positions = Number(process.env.PROTOCOLS_POSITIONS ?? DEFAULT_POSITIONS);
  if (!Number.isInteger(positions) || positions < 1) throw new Error(`PROTOCOLS_POSITIONS must be a positive integer`);
  const results: ProtocolResult[] = [];
  for (const shock of SHOCKS) {
    for (const column of await columns()) {
      const started = Date.now();
      const options = { book: { positions } };
      results.push(await runProtocol(hre, column.protocol, column.deploy, shock, options, column.label));
      console.log(`${shock.name} ${column.label}: ${Date.now() - started} ms`);
    }
  }
  const compare: CompareResults = {
    command: COMMAND + (positions === DEFAULT_POSITIONS ? "" : ` (PROTOCOLS_POSITIONS=${positions})`),
    positions,
    shocks: SHOCKS,
    openingPrice: "2,000",
    setup: { ltv: "75%", liquidationThreshold: "80%", liquidationBonusBps: 500, feedLatency: "0 s, 0 blocks" },
    results,
  };
  fs.writeFileSync(path.join(DOCS, "protocols-results.json"), toJson(compare));
  fs.writeFileSync(path.join(DOCS, "protocols.md"), renderProtocolsDoc(compare));
  console.log("wrote docs/protocols.md and docs/protocols-results.json");
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
