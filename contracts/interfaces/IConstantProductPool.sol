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

    /// @notice LP shares locked forever at the first mint (Uniswap V2's MINIMUM_LIQUIDITY).
    function MINIMUM_LIQUIDITY() external pure returns (uint256);

    function token0() external view returns (address);

    function token1() external view returns (address);

    /// @notice Swap fee in basis points (30 = 0.30%), fixed at creation.
    function feeBps() external view returns (uint16);

    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

    /// @notice Time-weighted sums of price (UQ112x112 * seconds), as Uniswap V2; used by `AmmTwapFeed`.
    function price0CumulativeLast() external view returns (uint256);

    function price1CumulativeLast() external view returns (uint256);

    /// @notice Mints LP shares for the tokens sent to the pool since the last sync.
    function mint(address to) external returns (uint256 liquidity);

    /// @notice Burns the LP shares sent to the pool and sends both tokens to `to`.
    function burn(address to) external returns (uint256 amount0, uint256 amount1);

    /// @notice Sends the outputs first; calls `ICascadeSwapCallee.uniswapV2Call` when `data` is non-empty (flash
    /// swap); then checks, against real balances, that the fee-adjusted product did not decrease.
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;

    function skim(address to) external;

    function sync() external;
}

/// @notice Flash-swap callback, named as Uniswap V2's so that existing flash-swap contracts work unchanged.
interface IUniswapV2Callee {
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}
