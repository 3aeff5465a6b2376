/**
 * Compiled artifacts shipped in npm packages (Aave v3's `@aave/core-v3`, Uniswap V2's `build/`): load, link library
 * addresses into the creation bytecode, deploy. Nothing here compiles: the bytecode is the published one.
 */
import * as path from "node:path";
import type { Signer } from "ethers";
import { Contract, ContractFactory } from "ethers";

/** A compiled artifact: ABI, creation bytecode (with or without `0x`) and, for Hardhat artifacts, link slots. */
export interface Artifact {
  abi: unknown[];
  bytecode: string;
  linkReferences?: Record<string, Record<string, { start: number; length: number }[]>>;
}

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** Reads an artifact shipped in an npm package (`build/X.json` or `artifacts/contracts/.../X.json`). */
export function loadArtifact(pkg: string, file: string): Artifact {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(packageDir(pkg), file)) as Artifact;
}

/** Creation bytecode with `0x`, library addresses filled in at the artifact's link references. */
export function linkBytecode(a: Artifact, libraries: Record<string, string> = {}): string {
  let code = a.bytecode.startsWith("0x") ? a.bytecode.slice(2) : a.bytecode;
  for (const [, libs] of Object.entries(a.linkReferences ?? {})) {
    for (const [name, refs] of Object.entries(libs)) {
      const address = libraries[name];
      if (!address) throw new Error(`library ${name} not given for linking`);
      for (const { start, length } of refs) {
        code =
          code.slice(0, start * 2) +
          address
            .slice(2)
            .toLowerCase()
            .padStart(length * 2, "0") +
          code.slice((start + length) * 2);
      }
    }
  }
  return "0x" + code;
}

export async function deployArtifact(
  signer: Signer,
  a: Artifact,
  args: unknown[] = [],
  libraries: Record<string, string> = {},
): Promise<Contract> {
  const factory = new ContractFactory(a.abi as never, linkBytecode(a, libraries), signer);
  const c = await factory.deploy(...args);
  await c.waitForDeployment();
  return c as Contract;
}
