/**
 * What every builder deploys with: the admin account and the contracts the whole world shares, deployed the first
 * time a builder asks for them (so the deployment order, hence every address, stays the same whatever the builders).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ConstantProductRouter } from "../../../typechain-types";
import type { Chain } from "../chain";
import type { Scenario } from "../scenario";
import type { Agent } from "./types";

export class Deployer {
  private router: Promise<ConstantProductRouter> | null = null;

  constructor(
    readonly hre: HardhatRuntimeEnvironment,
    readonly chain: Chain,
    readonly scenario: Scenario,
    readonly admin: Agent,
  ) {}

  /** Deploys contract `name` from the admin account (automine on: mined at once). */
  async deploy<T>(name: string, args: unknown[]): Promise<T> {
    return (await this.hre.ethers.deployContract(name, args, this.admin.signer)) as T;
  }

  /** The router every AMM trades through; deployed with the first AMM. */
  sharedRouter(): Promise<ConstantProductRouter> {
    return (this.router ??= this.deploy<ConstantProductRouter>("ConstantProductRouter", []));
  }
}
