/**
 * Every protocol a market can run on, found from the adapters' own files (issue 17, item 6): each folder
 * `scripts/adapters/<dir>/` with a `protocol.ts` exporting `PROTOCOL: ProtocolEntry` registers one protocol. Adding a
 * protocol is that folder and a preset: the scenario schema (`market.protocol`), the cascade engine's deployer and the
 * side-by-side comparison read this registry, nothing lists protocols by name.
 *
 * Discovery is synchronous (the schema needs the names when it loads) and deterministic: folders in name order, then
 * entries by `order`. A `protocol.ts` must stay light (no contract factories, no artifacts): it names its deployer
 * through a lazy `import()`, loaded only when a market of that protocol is deployed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DeployMarket } from "./market-adapter";

export interface ProtocolEntry {
  /** The `market.protocol` value, e.g. "aave-v3" (lowercase letters, digits and dashes). */
  kind: string;
  /** Its place among the protocols: the scenario reference's list and the comparison's columns (lab is 0). */
  order: number;
  /** Whose bytecode, in a few words, for the scenario reference (e.g. "@aave/core-v3 artifacts"). */
  source: string;
  /** Its `DeployMarket` for the shared `MarketSetup`, loaded on first use. */
  deployer: () => Promise<DeployMarket>;
  /**
   * The liquidation incentive a scenario's market gets on this protocol, basis points over the repaid value, when it
   * is not the scenario's `liquidationBonusBps` (Morpho Blue derives it from the LLTV). For measures read from a run.
   */
  incentiveBps?: (liquidationThresholdWad: bigint, liquidationBonusBps: number) => bigint;
}

const KIND = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The entries of every `<root>/<dir>/protocol.(ts|js)`, in order (exported for the registry's own test). */
export function discoverProtocols(root: string): ProtocolEntry[] {
  const entries: ProtocolEntry[] = [];
  const dirs = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const dir of dirs.map((d) => d.name).sort()) {
    const base = path.join(root, dir, "protocol");
    if (![".ts", ".js"].some((ext) => fs.existsSync(base + ext))) continue;
    // A dynamic path: `import` cannot name it, and the schema needs the entries synchronously.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = (require(base) as { PROTOCOL?: ProtocolEntry }).PROTOCOL;
    if (!entry || !KIND.test(entry.kind)) throw new Error(`${base}: exports no PROTOCOL with a valid kind`);
    if (entries.some((e) => e.kind === entry.kind)) throw new Error(`${base}: protocol "${entry.kind}" twice`);
    entries.push(entry);
  }
  return entries.sort((a, b) => a.order - b.order || (a.kind < b.kind ? -1 : 1));
}

let cached: ProtocolEntry[] | null = null;

/** Every registered protocol, in order. */
export function protocolEntries(): readonly ProtocolEntry[] {
  return (cached ??= discoverProtocols(__dirname));
}

/** Every registered `market.protocol` value, in order ("lab" first). */
export function protocolKinds(): string[] {
  return protocolEntries().map((e) => e.kind);
}

/** The entry of `kind`; throws for a protocol nobody registered. */
export function protocolEntry(kind: string): ProtocolEntry {
  const entry = protocolEntries().find((e) => e.kind === kind);
  if (!entry)
    throw new Error(`market.protocol: no adapter registers "${kind}" (registered: ${protocolKinds().join(", ")})`);
  return entry;
}

/** The `DeployMarket` of `kind`. */
export async function deployerOf(kind: string): Promise<DeployMarket> {
  return protocolEntry(kind).deployer();
}
