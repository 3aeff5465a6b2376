// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ConstantProductLibrary
/// @notice Pure quotes for an x*y=k pool whose fee is charged on the input, in basis points.
/// @dev The fee factor (BPS - feeBps) / BPS is used in lowest terms (both divided by gcd(feeBps, BPS)): at feeBps = 30
/// that is 997/1000, so the quotes equal Uniswap V2's `UniswapV2Library` to the wei AND overflow (revert) on exactly
/// the inputs where V2's do. Reducing the fraction leaves every floor division unchanged.
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
        (uint256 keep, uint256 whole) = _feeFraction(feeBps);
        uint256 amountInWithFee = amountIn * keep;
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * whole + amountInWithFee);
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
        (uint256 keep, uint256 whole) = _feeFraction(feeBps);
        uint256 numerator = reserveIn * amountOut * whole;
        uint256 denominator = (reserveOut - amountOut) * keep;
        amountIn = numerator / denominator + 1;
    }

    /// @notice The amount of B worth `amountA` at the current reserve ratio (no fee): rounds down.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) internal pure returns (uint256 amountB) {
        if (amountA == 0) revert ZeroAmount();
        if (reserveA == 0 || reserveB == 0) revert ZeroReserves(reserveA, reserveB);
        amountB = (amountA * reserveB) / reserveA;
    }

    /// @dev (BPS - feeBps) / BPS in lowest terms; feeBps < BPS. gcd(BPS - fee, BPS) = gcd(fee, BPS) (Euclid).
    function _feeFraction(uint256 feeBps) private pure returns (uint256 keep, uint256 whole) {
        uint256 a = BPS;
        uint256 b = feeBps;
        while (b != 0) (a, b) = (b, a % b);
        return ((BPS - feeBps) / a, BPS / a);
    }
}
