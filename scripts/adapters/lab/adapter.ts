/**
 * The lab's own LendingPool (contracts/lending/LendingPool.sol) behind the market adapter interface: every read and
 * every liquidation goes to the pool's own functions, so the adapter adds no rule of its own.
 */
import type {
  ContractTransactionReceipt,
  ContractTransactionResponse,
  Overrides,
  Signer,
  TransactionReceipt,
  TransactionRequest,
} from "ethers";
import { Contract, getAddress, MaxUint256 } from "ethers";
import type { LendingPool } from "../../../typechain-types";
import { LendingPool__factory } from "../../../typechain-types";
import type {
  AdapterLiquidation,
  AdapterParameters,
  LiquidationPreview,
  MarketAdapter,
  PositionState,
  RecognisedBadDebt,
} from "../market-adapter";
import { totalUncovered } from "../uncovered";
import type { ReadBatch } from "../../sim/read-batch";
import { encodeCall } from "../../sim/calldata";

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

/** `LendingPool.totals()`, named (debt-token units). `badDebt` is gross: every write-off, recoveries not deducted. */
export interface LabTotals {
  supplied: bigint;
  borrowed: bigint;
  reserves: bigint;
  inAuction: bigint;
  badDebt: bigint;
}

/** A collateral's listing in the pool (`LendingPool.collateralConfig`): ratios WAD, bonus in basis points. */
export interface LabCollateralConfig {
  ltv: bigint;
  liquidationThreshold: bigint;
  liquidationBonusBps: bigint;
  /** Seconds after which the pool refuses the feed's answer. */
  maxPriceAge: bigint;
}

/** The pool's market-wide liquidation rules (`LendingPool.marketConfig`): ratios WAD, dust in debt-token units. */
export interface LabMarketConfig {
  closeFactor: bigint;
  fullCloseHealthFactor: bigint;
  dust: bigint;
}

/** The pool's contract interface (its ABI): to encode its calls and decode its events. */
export type LabInterface = LendingPool["interface"];

export class LabAdapter implements MarketAdapter {
  readonly protocol = "lab" as const;

  private constructor(
    readonly market: string,
    private readonly pool: LendingPool,
    readonly debtAsset: string,
    readonly collateralAssets: readonly string[],
  ) {}

  /** An adapter over the LendingPool at `poolAddress` (read through `runner`). */
  static async attach(market: string, poolAddress: string, runner: Signer): Promise<LabAdapter> {
    const pool = LendingPool__factory.connect(poolAddress, runner);
    return new LabAdapter(market, pool, await pool.debtAsset(), await pool.collateralAssets());
  }

  /**
   * An adapter over a pool the lab's world builder deployed and listed itself (scripts/sim/world/), with the assets
   * it listed: no chain read.
   */
  static over(market: string, pool: LendingPool, debtAsset: string, collateralAssets: readonly string[]): LabAdapter {
    return new LabAdapter(market, pool, debtAsset, collateralAssets);
  }

  /* The lab's own mechanisms (auctions, lender exits, the exploiter, shares-exact views): reads and calls that only
     this protocol has, for the agents and views written for it. Generic code uses the `MarketAdapter` methods. */

  /** The pool's address. */
  get address(): string {
    return (this.checksummed ??= getAddress(this.pool.target as string));
  }

  private checksummed: string | undefined;

  /** The pool's ABI: to encode its calls and decode its events. */
  get interface(): LabInterface {
    return this.pool.interface;
  }

  async totals(): Promise<LabTotals> {
    return toTotals(await this.pool.totals());
  }

  async totalBorrowShares(): Promise<bigint> {
    return this.pool.totalBorrowShares();
  }

  async collateralConfig(asset: string): Promise<LabCollateralConfig> {
    return toCollateralConfig(await this.pool.collateralConfig(asset));
  }

  /**
   * `totals()`, `totalBorrowShares()` and `collateralConfig(asset)` as reads of `batch` (one eth_call with the
   * batch's other reads, scripts/sim/read-batch.ts): the same calls, decoded the same way.
   */
  stateIn(
    batch: ReadBatch,
    asset: string,
  ): () => { totals: LabTotals; totalBorrowShares: bigint; config: LabCollateralConfig } {
    const totals = batch.add<LabTotalsResult>(this.address, this.interface, "totals");
    const shares = batch.add<bigint>(this.address, this.interface, "totalBorrowShares");
    const config = batch.add<LabCollateralConfigResult>(this.address, this.interface, "collateralConfig", [asset]);
    return () => ({
      totals: toTotals(totals()),
      totalBorrowShares: shares(),
      config: toCollateralConfig(config()),
    });
  }

  async marketConfig(): Promise<LabMarketConfig> {
    return toMarketConfig(await this.pool.marketConfig());
  }

  /** `marketConfig()` as a read of `batch` (scripts/sim/read-batch.ts). */
  marketConfigIn(batch: ReadBatch): () => LabMarketConfig {
    const m = batch.add<LabMarketConfigResult>(this.address, this.interface, "marketConfig");
    return () => toMarketConfig(m());
  }

  /** The price the pool reads for `asset` (WAD, debt per collateral token). */
  async priceOf(asset: string): Promise<bigint> {
    return this.pool.priceOf(asset);
  }

  /** `amount` of `asset` valued at the pool's price (debt-token units, rounded down). */
  async collateralValue(asset: string, amount: bigint): Promise<bigint> {
    return (await this.pool.getFunction("valueOf")(asset, amount)) as bigint;
  }

  async debtOf(account: string): Promise<bigint> {
    return this.pool.debtOf(account);
  }

  async collateralBalance(account: string, asset: string): Promise<bigint> {
    return this.pool.collateralOf(account, asset);
  }

  async suppliedOf(account: string): Promise<bigint> {
    return this.pool.suppliedOf(account);
  }

  /** Σ of `account`'s `Borrow` events (as borrower) from chain block `fromBlock` on, debt-token units. */
  async borrowedSince(account: string, fromBlock: number): Promise<bigint> {
    const borrows = await this.pool.queryFilter(this.pool.filters.Borrow(undefined, account), fromBlock);
    return borrows.reduce((a, e) => a + (e.args.assets as bigint), 0n);
  }

  /** `liquidate(borrower, asset, repay, to, 0)` calldata: the pool's fixed-bonus liquidation, proceeds to `to`. */
  liquidateCalldata(borrower: string, collateralAsset: string, repay: bigint, to: string): string {
    return encodeCall(this.pool.interface, "liquidate", [borrower, collateralAsset, repay, to, 0n]);
  }

  depositCollateral(
    from: Signer,
    asset: string,
    amount: bigint,
    onBehalf: string,
    overrides: Overrides = {},
  ): Promise<ContractTransactionResponse> {
    return this.pool.connect(from).depositCollateral(asset, amount, onBehalf, overrides);
  }

  borrow(
    from: Signer,
    amount: bigint,
    onBehalf: string,
    receiver: string,
    overrides: Overrides = {},
  ): Promise<ContractTransactionResponse> {
    return this.pool.connect(from).borrow(amount, onBehalf, receiver, overrides);
  }

  /** Lets `operator` act for `from` (the pool's `setAuthorization`, e.g. a LenderExit). */
  setAuthorization(
    from: Signer,
    operator: string,
    allowed: boolean,
    overrides: Overrides = {},
  ): Promise<ContractTransactionResponse> {
    return this.pool.connect(from).setAuthorization(operator, allowed, overrides);
  }

  /* The MarketAdapter interface. */

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
    return {
      to: this.address,
      data: this.liquidateCalldata(borrower, collateralAsset, repay, liquidator),
      from: liquidator,
    };
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

  /** What the pool has written off (`totalBadDebt`, gross): the lab never leaves debt without collateral open. */
  async recognisedBadDebt(): Promise<RecognisedBadDebt> {
    return { amount: (await this.totals()).badDebt, accounts: [] };
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

type LabTotalsResult = Awaited<ReturnType<LendingPool["totals"]>>;
type LabCollateralConfigResult = Awaited<ReturnType<LendingPool["collateralConfig"]>>;
type LabMarketConfigResult = Awaited<ReturnType<LendingPool["marketConfig"]>>;

function toMarketConfig(m: LabMarketConfigResult): LabMarketConfig {
  return { closeFactor: m.closeFactor, fullCloseHealthFactor: m.fullCloseHealthFactor, dust: m.dust };
}

function toTotals(r: LabTotalsResult): LabTotals {
  const [supplied, borrowed, reserves, inAuction, badDebt] = r;
  return { supplied, borrowed, reserves, inAuction, badDebt };
}

function toCollateralConfig(c: LabCollateralConfigResult): LabCollateralConfig {
  return {
    ltv: c.ltv,
    liquidationThreshold: c.liquidationThreshold,
    liquidationBonusBps: c.liquidationBonusBps,
    maxPriceAge: c.maxPriceAge,
  };
}
