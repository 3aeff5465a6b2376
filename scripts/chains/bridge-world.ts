/**
 * A bridge between two chains of a ChainSet: the home asset and its BridgeVault on the home chain; the BridgeMinter,
 * the wrapped asset, a stablecoin, the wrapped asset's own AMM and feed on the remote chain. The wrapped asset that
 * seeds the remote AMM and the traders' inventory is bridged during setup through the vault (locked, then minted),
 * so conservation holds from the first block.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type {
  BridgeMinter,
  BridgeVault,
  ConstantProductPool,
  ConstantProductRouter,
  LaggedPriceFeed,
  MockERC20,
  WrappedAsset,
} from "../../typechain-types";
import { toFixedUnits } from "../sim/wad";
import type { BridgeParams } from "./bridge-params";
import type { ChainSet } from "./chain-set";
import type { LabChain } from "./lab-chain";

/** Decimals of the home asset (and of its wrapped form) and of the remote stablecoin. */
export const ASSET_DECIMALS = 18;
export const STABLE_DECIMALS = 6;
/** Decimals of the wrapped asset's feed answers (Chainlink USD feeds use 8). */
export const WRAPPED_FEED_DECIMALS = 8;

/** The bridge's markets, with units and defaults. */
export interface BridgeMarketSpec {
  /** Home asset's price, stablecoin per token; the scenario moves it with `world.homePrice`. Default 2,000. */
  readonly homePrice: number;
  /** Stablecoin side of the wrapped asset's AMM on the remote chain, whole stablecoins. Default 2,000,000. */
  readonly remoteAmmDepth: number;
  /** Swap fee of that AMM, basis points. Default 30. */
  readonly remoteAmmFeeBps: number;
  /** Wrapped tokens (and par value in stablecoins) the depeg traders hold, whole tokens. Default 2,000. */
  readonly traderInventory: number;
  /** Latency of the wrapped asset's feed, seconds and blocks. Default 0 and 0. */
  readonly feedLatencySeconds: number;
  readonly feedLatencyBlocks: number;
}

export const DEFAULT_BRIDGE_MARKET: BridgeMarketSpec = {
  homePrice: 2_000,
  remoteAmmDepth: 2_000_000,
  remoteAmmFeeBps: 30,
  traderInventory: 2_000,
  feedLatencySeconds: 0,
  feedLatencyBlocks: 0,
};

/** Account indexes (the same addresses exist on both chains). */
export const ACCOUNT = { admin: 0, relayer: 1, feedUpdater: 2, trader: 3, firstUser: 4 } as const;

export interface BridgeWorld {
  readonly set: ChainSet;
  readonly home: LabChain;
  readonly remote: LabChain;
  readonly params: BridgeParams;
  readonly spec: BridgeMarketSpec;
  readonly asset: MockERC20;
  readonly vault: BridgeVault;
  readonly minter: BridgeMinter;
  readonly wrapped: WrappedAsset;
  readonly stable: MockERC20;
  readonly amm: ConstantProductPool;
  readonly router: ConstantProductRouter;
  readonly feed: LaggedPriceFeed;
  /** Home asset's price now, stablecoins per token (the scenario may change it between ticks). */
  homePrice: number;
  readonly signers: {
    readonly home: HardhatEthersSigner[];
    readonly remote: HardhatEthersSigner[];
  };
}

async function signers(c: LabChain, n: number): Promise<HardhatEthersSigner[]> {
  const out: HardhatEthersSigner[] = [];
  for (let i = 0; i < n; i++) out.push(await c.signer(i));
  return out;
}

/** Deploys the bridge from chain `homeName` to chain `remoteName` of `set` (setup blocks, before the clock starts). */
export async function deployBridgeWorld(
  set: ChainSet,
  params: BridgeParams,
  spec: BridgeMarketSpec = DEFAULT_BRIDGE_MARKET,
  homeName = "A",
  remoteName = "B",
  users = 4,
): Promise<BridgeWorld> {
  const home = set.byName(homeName);
  const remote = set.byName(remoteName);
  const h = await signers(home, ACCOUNT.firstUser + users);
  const r = await signers(remote, ACCOUNT.firstUser + users);
  const admin = ACCOUNT.admin;
  const asset = await home.deploy<MockERC20>("MockERC20", ["Ether", "ETH", ASSET_DECIMALS], h[admin]);
  const vault = await home.deploy<BridgeVault>(
    "BridgeVault",
    [h[admin].address, await asset.getAddress(), remote.spec.chainId],
    h[admin],
  );
  // Setup bridges the AMM's seed and the traders' inventory (below) under a cap that fits them; the scenario's cap
  // is set once they are minted.
  const seed = toFixedUnits(spec.remoteAmmDepth / spec.homePrice, ASSET_DECIMALS);
  const inventory = toFixedUnits(spec.traderInventory, ASSET_DECIMALS);
  const minter = await remote.deploy<BridgeMinter>(
    "BridgeMinter",
    [
      r[admin].address,
      r[ACCOUNT.relayer].address,
      home.spec.chainId,
      await vault.getAddress(),
      "Bridged Ether",
      "bETH",
      ASSET_DECIMALS,
      seed + inventory,
    ],
    r[admin],
  );
  await home.settle(vault.setRemoteMinter(await minter.getAddress()));
  await home.settle(vault.grantRole(await vault.RELAYER_ROLE(), h[ACCOUNT.relayer].address));
  const wrapped = (await remote.hre.ethers.getContractAt(
    "WrappedAsset",
    await minter.wrapped(),
    r[admin],
  )) as unknown as WrappedAsset;
  const stable = await remote.deploy<MockERC20>("MockERC20", ["USD Coin", "USDC", STABLE_DECIMALS], r[admin]);

  // Bridge the AMM's seed (to the admin) and the traders' inventory during setup: lock on home, mint on remote.
  await home.settle(asset.mint(h[admin].address, seed + inventory));
  await home.settle(asset.approve(await vault.getAddress(), seed + inventory));
  await home.settle(vault.lock(seed, r[admin].address));
  await home.settle(vault.lock(inventory, r[ACCOUNT.trader].address));
  const relayerMinter = minter.connect(r[ACCOUNT.relayer]);
  await remote.settle(relayerMinter.mint(0n, r[admin].address, seed));
  await remote.settle(relayerMinter.mint(1n, r[ACCOUNT.trader].address, inventory));
  await remote.settle(minter.setMaxMintPerBlock(toFixedUnits(params.maxMintPerBlock, ASSET_DECIMALS)));

  const amm = await remote.deploy<ConstantProductPool>(
    "ConstantProductPool",
    [await wrapped.getAddress(), await stable.getAddress(), spec.remoteAmmFeeBps, "Bridged AMM LP", "BLP"],
    r[admin],
  );
  const router = await remote.deploy<ConstantProductRouter>("ConstantProductRouter", [], r[admin]);
  await remote.settle(wrapped.transfer(await amm.getAddress(), seed));
  await remote.settle(stable.mint(await amm.getAddress(), toFixedUnits(spec.remoteAmmDepth, STABLE_DECIMALS)));
  await remote.settle(amm.mint(r[admin].address));
  const trader = r[ACCOUNT.trader];
  await remote.settle(
    stable.mint(trader.address, toFixedUnits(spec.traderInventory * spec.homePrice, STABLE_DECIMALS)),
  );
  await remote.settle(wrapped.connect(trader).approve(await router.getAddress(), 2n ** 255n));
  await remote.settle(stable.connect(trader).approve(await router.getAddress(), 2n ** 255n));
  const feed = await remote.deploy<LaggedPriceFeed>(
    "LaggedPriceFeed",
    [
      WRAPPED_FEED_DECIMALS,
      "bETH / USDC",
      r[admin].address,
      r[ACCOUNT.feedUpdater].address,
      spec.feedLatencySeconds,
      spec.feedLatencyBlocks,
    ],
    r[admin],
  );
  return {
    set,
    home,
    remote,
    params,
    spec,
    asset,
    vault,
    minter,
    wrapped,
    stable,
    amm,
    router,
    feed,
    homePrice: spec.homePrice,
    signers: { home: h, remote: r },
  };
}
