// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title IConstantProductPool
/// @notice The core of Uniswap V2's pair interface, with the same semantics, so existing tools and bots work.
/// @dev Implemented by `ConstantProductPool`. The LP share token is the pool itself (ERC20).
interface IConstantProductPool {
    event Mint(address indexed sender, uint256 amount0, uint256 amount1);
    event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to);
    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    event Sync(uint112 reserve0, uint112 reserve1);

    /* ERRORS (added: one place for the pool's errors, so routers and keepers can decode them) */

    /// @notice `feeBps` must be below 10_000 (100%).
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The two tokens of a pool must differ.
    error IdenticalTokens(address token);
    /// @notice A pool token may not be the zero address.
    error ZeroAddress();
    /// @notice A deposit (`amount0`, `amount1`) that would mint no LP shares.
    error InsufficientLiquidityMinted(uint256 amount0, uint256 amount1);
    /// @notice A burn that would pay out nothing of one token.
    error InsufficientLiquidityBurned(uint256 amount0, uint256 amount1);
    /// @notice `swap` called with both outputs zero.
    error InsufficientOutputAmount();
    /// @notice `swap` asked for `amountOut` of a token with only `reserve` in the pool (at least 1 wei must stay).
    error InsufficientLiquidity(uint256 amountOut, uint256 reserve);
    /// @notice `swap` may not send outputs to one of the pool's tokens.
    error InvalidTo(address to);
    /// @notice Nothing was paid into the pool during `swap`.
    error InsufficientInputAmount();
    /// @notice The fee-adjusted product fell: `kAfter` < `kBefore`, both scaled by 10_000^2.
    error InvariantViolated(uint256 kBefore, uint256 kAfter);
    /// @notice Re-entry into mint, burn, swap, skim or sync (e.g. from a flash-swap callback).
    error Locked();
    /// @notice A balance does not fit the uint112 reserves.
    error ReserveOverflow(uint256 balance0, uint256 balance1);

    /// @notice LP shares locked forever at the first mint (Uniswap V2's MINIMUM_LIQUIDITY).
    function MINIMUM_LIQUIDITY() external pure returns (uint256);

    /// @notice The token with the lower address (tokens are sorted at creation, as Uniswap V2).
    function token0() external view returns (address);

    /// @notice The token with the higher address.
    function token1() external view returns (address);

    /// @notice Swap fee in basis points (30 = 0.30%), fixed at creation.
    function feeBps() external view returns (uint16);

    /// @notice Balances as of the last mint/burn/swap/sync, and the block timestamp (mod 2^32) of that update.
    /// @dev Inside a flash-swap callback these are the pre-swap reserves (the lock does not cover views, as V2).
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

    /// @notice Time-weighted sums of price (UQ112x112 * seconds), as Uniswap V2; used by `AmmTwapFeed`.
    /// @dev Sum of (reserve1 / reserve0) * elapsed seconds, updated before reserves change; wraps modulo 2^256 by
    /// design, so readers must take differences of two observations (unchecked).
    function price0CumulativeLast() external view returns (uint256);

    /// @notice Sum of (reserve0 / reserve1) * elapsed seconds, UQ112x112; see `price0CumulativeLast`.
    function price1CumulativeLast() external view returns (uint256);

    /// @notice Mints LP shares for the tokens sent to the pool since the last sync.
    function mint(address to) external returns (uint256 liquidity);

    /// @notice Burns the LP shares sent to the pool and sends both tokens to `to`.
    function burn(address to) external returns (uint256 amount0, uint256 amount1);

    /// @notice Sends the outputs first; calls `IUniswapV2Callee(to).uniswapV2Call` when `data` is non-empty (flash
    /// swap); then checks, against real balances, that the fee-adjusted product did not decrease.
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;

    /// @notice Sends any balance above the reserves to `to` (recovers tokens sent by mistake).
    function skim(address to) external;

    /// @notice Sets the reserves to the current balances (recovers from donations or balance decreases).
    function sync() external;
}

/// @notice Flash-swap callback, named as Uniswap V2's so that existing flash-swap contracts work unchanged.
interface IUniswapV2Callee {
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}
