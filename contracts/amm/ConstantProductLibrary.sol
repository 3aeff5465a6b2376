// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ConstantProductLibrary
/// @notice Pure quotes for an x*y=k pool whose fee is charged on the input, in basis points.
/// @dev At feeBps = 30 these equal Uniswap V2's `UniswapV2Library` to the wei: 9970/10000 is 997/1000 with both
/// numerator and denominator scaled by 10, which leaves every floor division unchanged.
library ConstantProductLibrary {
    /// @dev Basis-point denominator.
    uint256 internal constant BPS = 10_000;

    /// @notice An amount of zero was quoted.
    error ZeroAmount();
    /// @notice A quote against an empty pool.
    error ZeroReserves(uint256 reserveIn, uint256 reserveOut);
    /// @notice `amountOut` would empty (or overdraw) the output reserve.
    error AmountOutExceedsReserve(uint256 amountOut, uint256 reserveOut);
    /// @notice A fee of 100% or more.
    error FeeTooHigh(uint256 feeBps);

    /// @notice The largest output the pool's invariant accepts for `amountIn`: rounds down, in favour of the pool.
    /// @dev amountOut = amountIn*(1-fee)*reserveOut / (reserveIn + amountIn*(1-fee)), with fee = feeBps/10_000.
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 feeBps
    ) internal pure returns (uint256 amountOut) {
        if (amountIn == 0) revert ZeroAmount();
        if (reserveIn == 0 || reserveOut == 0) revert ZeroReserves(reserveIn, reserveOut);
        if (feeBps >= BPS) revert FeeTooHigh(feeBps);
        uint256 amountInWithFee = amountIn * (BPS - feeBps);
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * BPS + amountInWithFee);
    }

    /// @notice An input that buys at least `amountOut`: rounds up, in favour of the pool.
    /// @dev As Uniswap V2: floor(...) + 1, which overpays by one wei when the division is exact.
    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 feeBps
    ) internal pure returns (uint256 amountIn) {
        if (amountOut == 0) revert ZeroAmount();
        if (reserveIn == 0 || reserveOut == 0) revert ZeroReserves(reserveIn, reserveOut);
        if (amountOut >= reserveOut) revert AmountOutExceedsReserve(amountOut, reserveOut);
        if (feeBps >= BPS) revert FeeTooHigh(feeBps);
        uint256 numerator = reserveIn * amountOut * BPS;
        uint256 denominator = (reserveOut - amountOut) * (BPS - feeBps);
        amountIn = numerator / denominator + 1;
    }

    /// @notice The amount of B worth `amountA` at the current reserve ratio (no fee): rounds down.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) internal pure returns (uint256 amountB) {
        if (amountA == 0) revert ZeroAmount();
        if (reserveA == 0 || reserveB == 0) revert ZeroReserves(reserveA, reserveB);
        amountB = (amountA * reserveB) / reserveA;
    }
}
