/**
 * Runtime bytecode size of every core contract next to the EIP-170 limit, read from the compiled artifacts
 * (`npx hardhat compile` first). Core = every deployable contract under contracts/ except the mocks in
 * contracts/test and the simulation's helpers in contracts/sim.
 *
 *   npx ts-node --transpile-only scripts/bench/sizes.ts     # prints the table
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** EIP-170: the largest runtime bytecode a contract may have, in bytes (hardhat.config.ts keeps the limit on). */
export const EIP170_LIMIT = 24_576;
/** EIP-3860: the largest init code (constructor + runtime) a creation transaction may carry, in bytes. */
export const EIP3860_INITCODE_LIMIT = 49_152;
/** Folders of contracts/ that are not part of the system. */
const NOT_CORE = ["test", "sim", "interfaces"];

export interface SizeRow {
  /** Source path under contracts/, e.g. `lending/LendingPool.sol`. */
  source: string;
  contract: string;
  runtimeBytes: number;
  initcodeBytes: number;
  limit: number;
  /** limit - runtimeBytes; negative when over. */
  headroom: number;
}

const bytes = (hex: string) => (hex.length - 2) / 2;

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** One row per deployable core contract (non-empty runtime code), largest first. */
export function contractSizes(root: string): SizeRow[] {
  const base = path.join(root, "artifacts", "contracts");
  if (!fs.existsSync(base)) throw new Error(`no artifacts under ${base}: run npx hardhat compile`);
  const rows: SizeRow[] = [];
  for (const file of walk(base)) {
    if (!file.endsWith(".json") || file.endsWith(".dbg.json")) continue;
    const source = path.relative(base, path.dirname(file)).split(path.sep).join("/");
    if (NOT_CORE.includes(source.split("/")[0])) continue;
    const artifact = JSON.parse(fs.readFileSync(file, "utf8")) as {
      contractName: string;
      abi: unknown[];
      bytecode: string;
      deployedBytecode: string;
    };
    const runtimeBytes = bytes(artifact.deployedBytecode);
    // Interfaces and abstract contracts have no code; libraries of internal functions only (empty ABI) are inlined.
    if (runtimeBytes <= 0 || artifact.abi.length === 0) continue;
    rows.push({
      source,
      contract: artifact.contractName,
      runtimeBytes,
      initcodeBytes: bytes(artifact.bytecode),
      limit: EIP170_LIMIT,
      headroom: EIP170_LIMIT - runtimeBytes,
    });
  }
  return rows.sort((a, b) => b.runtimeBytes - a.runtimeBytes || a.contract.localeCompare(b.contract));
}

/** The markdown table of `rows`. */
export function renderSizes(rows: SizeRow[]): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const lines = rows.map(
    (r) =>
      `| \`${r.contract}\` | ${r.source} | ${n(r.runtimeBytes)} | ${n(r.limit)} | ${n(r.headroom)} | ${(
        (100 * r.runtimeBytes) /
        r.limit
      ).toFixed(1)}% | ${n(r.initcodeBytes)} |`,
  );
  return [
    "| contract | source | runtime bytes | EIP-170 limit | headroom | used | init code bytes |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...lines,
  ].join("\n");
}

if (require.main === module) {
  process.stdout.write(renderSizes(contractSizes(path.resolve(__dirname, "..", ".."))) + "\n");
}
