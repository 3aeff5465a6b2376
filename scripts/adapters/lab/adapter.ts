/**
 * The lab's own LendingPool (contracts/lending/LendingPool.sol) behind the market adapter interface: every read and
 * every liquidation goes to the pool's own functions, so the adapter adds no rule of its own.
 */
import type { ContractTransactionReceipt, Signer, TransactionReceipt, TransactionRequest } from "ethers";
import { Contract, MaxUint256 } from "ethers";
import type { LendingPool } from "../../../typechain-types";
import { LendingPool__factory } from "../../../typechain-types";
import type {
  AdapterLiquidation,
  AdapterParameters,
  LiquidationPreview,
  MarketAdapter,
  PositionState,
} from "../market-adapter";
import { totalUncovered } from "../uncovered";

const WAD = 10n ** 18n;
const ERC20 = [
  "function approve(address,uint256) returns (bool)",
  "function allowance(address,address) view returns (uint256)",
  "function symbol() view returns (string)",
];

/** `x` WAD as a percentage string with two decimals (e.g. 0.825e18 -> "82.50%"). */
export function wadPercent(x: bigint): string {
  const hundredths = (x * 10_000n) / WAD;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}%`;
}

export class LabAdapter implements MarketAdapter {
  readonly protocol = "lab" as const;

  private constructor(
    readonly market: string,
    readonly pool: LendingPool,
    readonly debtAsset: string,
    readonly collateralAssets: readonly string[],
  ) {}

  /** An adapter over the LendingPool at `poolAddress` (read through `runner`). */
  static async attach(market: string, poolAddress: string, runner: Signer): Promise<LabAdapter> {
    const pool = LendingPool__factory.connect(poolAddress, runner);
    return new LabAdapter(market, pool, await pool.debtAsset(), await pool.collateralAssets());
  }

  private async approveOnce(owner: Signer, token: string, amount: bigint): Promise<void> {
    const erc20 = new Contract(token, ERC20, owner);
    const spender = await this.pool.getAddress();
    if ((await erc20.allowance(await owner.getAddress(), spender)) < amount) {
      await (await erc20.approve(spender, MaxUint256)).wait();
    }
  }

  async supply(lender: Signer, amount: bigint): Promise<void> {
    await this.approveOnce(lender, this.debtAsset, amount);
    await (await this.pool.connect(lender).supply(amount, await lender.getAddress())).wait();
  }

  async openPosition(borrower: Signer, collateralAsset: string, collateral: bigint, borrow: bigint): Promise<void> {
    const who = await borrower.getAddress();
    await this.approveOnce(borrower, collateralAsset, collateral);
    await (await this.pool.connect(borrower).depositCollateral(collateralAsset, collateral, who)).wait();
    if (borrow > 0n) await (await this.pool.connect(borrower).borrow(borrow, who, who)).wait();
  }

  async openTxs(borrower: string, collateralAsset: string, collateral: bigint, borrow: bigint) {
    const erc20 = new Contract(collateralAsset, ERC20);
    const txs: TransactionRequest[] = [
      { to: collateralAsset, data: erc20.interface.encodeFunctionData("approve", [this.pool.target, MaxUint256]) },
      await this.pool.depositCollateral.populateTransaction(collateralAsset, collateral, borrower),
    ];
    if (borrow > 0n) txs.push(await this.pool.borrow.populateTransaction(borrow, borrower, borrower));
    return txs.map((tx) => ({ ...tx, from: borrower }));
  }

  async position(account: string): Promise<PositionState> {
    const [state, collateral] = await Promise.all([this.pool.accountState(account), this.collateralOf(account)]);
    return { account, debt: state.debt, collateral, healthWad: state.healthFactor };
  }

  async positions(accounts: readonly string[]): Promise<PositionState[]> {
    if (accounts.length === 0) return [];
    const healths = await this.pool.healthFactorsOf([...accounts]);
    return Promise.all(
      accounts.map(async (account, i) => ({
        account,
        debt: await this.pool.debtOf(account),
        collateral: await this.collateralOf(account),
        healthWad: healths[i],
      })),
    );
  }

  private async collateralOf(account: string): Promise<Record<string, bigint>> {
    const out: Record<string, bigint> = {};
    for (const asset of this.collateralAssets) out[asset] = await this.pool.collateralOf(account, asset);
    return out;
  }

  async previewLiquidation(borrower: string, collateralAsset: string, repay: bigint): Promise<LiquidationPreview> {
    const [repaid, seized] = await this.pool.previewLiquidation(borrower, collateralAsset, repay);
    return { repay: repaid, seized };
  }

  async liquidationTx(
    liquidator: string,
    borrower: string,
    collateralAsset: string,
    repay: bigint,
  ): Promise<TransactionRequest> {
    const tx = await this.pool.liquidate.populateTransaction(borrower, collateralAsset, repay, liquidator, 0n);
    return { ...tx, from: liquidator };
  }

  async incentiveWad(collateralAsset: string): Promise<bigint> {
    const c = await this.pool.collateralConfig(collateralAsset);
    return ((10_000n + c.liquidationBonusBps) * WAD) / 10_000n;
  }

  async approvals(): Promise<Array<{ token: string; spender: string }>> {
    return [{ token: this.debtAsset, spender: await this.pool.getAddress() }];
  }

  /** `Liquidation` events, with the `BadDebtRealized` of the same borrower in the same receipt as `badDebt`. */
  decode(receipt: TransactionReceipt | ContractTransactionReceipt): AdapterLiquidation[] {
    const poolAddress = this.pool.target.toString().toLowerCase();
    const out: AdapterLiquidation[] = [];
    const writtenOff = new Map<string, bigint>();
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== poolAddress) continue;
      const parsed = this.pool.interface.parseLog(log);
      if (parsed?.name === "BadDebtRealized") {
        const borrower = (parsed.args.borrower as string).toLowerCase();
        writtenOff.set(borrower, (writtenOff.get(borrower) ?? 0n) + (parsed.args.amount as bigint));
      } else if (parsed?.name === "Liquidation") {
        out.push({
          protocol: this.protocol,
          market: this.market,
          borrower: parsed.args.borrower as string,
          liquidator: parsed.args.liquidator as string,
          collateralAsset: parsed.args.asset as string,
          debtRepaid: parsed.args.repaid as bigint,
          collateralSeized: parsed.args.seized as bigint,
          badDebt: 0n,
          blockNumber: receipt.blockNumber,
          txHash: receipt.hash,
        });
      }
    }
    for (const l of out) l.badDebt = writtenOff.get(l.borrower.toLowerCase()) ?? 0n;
    return out;
  }

  /** Uncovered debt of `accounts` at the oracle price, plus every debt the pool has written off (`totalBadDebt`). */
  async badDebt(accounts: readonly string[]): Promise<bigint> {
    const books = await Promise.all(
      accounts.map(async (a) => {
        const s = await this.pool.accountState(a);
        return { debt: s.debt, collateralValue: s.collateralValue };
      }),
    );
    return totalUncovered(books) + (await this.pool.totalBadDebt());
  }

  async parameters(): Promise<AdapterParameters> {
    const m = await this.pool.marketConfig();
    const out: AdapterParameters = {
      protocol: "lab LendingPool (contracts/lending/LendingPool.sol)",
      "close factor": `${wadPercent(m.closeFactor)} of debt while health >= ${Number(m.fullCloseHealthFactor) / 1e18}`,
      "full close": `health < ${Number(m.fullCloseHealthFactor) / 1e18}, or collateral < debt x (1 + bonus)`,
      dust: `${m.dust} debt-token units (a liquidation leaving less takes all)`,
      "bad debt": "written off (reserves, then lenders) when the last collateral is seized",
    };
    for (const asset of this.collateralAssets) {
      const c = await this.pool.collateralConfig(asset);
      const symbol = (await new Contract(asset, ERC20, this.pool.runner).symbol()) as string;
      out[`LTV ${symbol}`] = wadPercent(c.ltv);
      out[`liquidation threshold ${symbol}`] = wadPercent(c.liquidationThreshold);
      out[`liquidation bonus ${symbol}`] = `${c.liquidationBonusBps} bps`;
      out[`oracle ${symbol}`] = `the lab feed, max age ${c.maxPriceAge} s`;
    }
    return out;
  }
}
