// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MockCumulativePool
/// @notice Test-only stand-in for `IConstantProductPool`: just the reserves and the TWAP accumulators, updated
/// exactly as Uniswap V2's `_update` does, so oracle tests exercise the real cumulative-price math. Reserves are set
/// directly (no tokens move); it has no swap, mint or burn. Tests and simulations only.
contract MockCumulativePool {
    /// @dev Uniswap V2's UQ112x112 unit.
    uint224 private constant Q112 = 2 ** 112;

    address public immutable token0;
    address public immutable token1;

    uint112 private _reserve0;
    uint112 private _reserve1;
    uint32 private _blockTimestampLast;

    uint256 public price0CumulativeLast;
    uint256 public price1CumulativeLast;

    event Sync(uint112 reserve0, uint112 reserve1);

    constructor(address token0_, address token1_) {
        token0 = token0_;
        token1 = token1_;
    }

    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast) {
        return (_reserve0, _reserve1, _blockTimestampLast);
    }

    /// @notice Sets the reserves as a swap or sync would, accumulating the old price up to this block first.
    function setReserves(uint112 reserve0, uint112 reserve1) external {
        _update(reserve0, reserve1);
    }

    /// @notice Overwrites the accumulators, e.g. to start them just below 2**256 and test wrap-around.
    function setCumulativePrices(uint256 price0Cumulative, uint256 price1Cumulative) external {
        price0CumulativeLast = price0Cumulative;
        price1CumulativeLast = price1Cumulative;
    }

    /// @dev Uniswap V2's `UniswapV2Pair._update`, line for line; V2 relied on Solidity 0.5's wrapping arithmetic,
    /// hence `unchecked` (the time delta and the accumulators are meant to wrap).
    function _update(uint112 newReserve0, uint112 newReserve1) private {
        unchecked {
            uint32 blockTimestamp = uint32(block.timestamp % 2 ** 32);
            uint32 timeElapsed = blockTimestamp - _blockTimestampLast;
            if (timeElapsed > 0 && _reserve0 != 0 && _reserve1 != 0) {
                // UQ112x112.encode(reserve1).uqdiv(reserve0), times the seconds it held.
                price0CumulativeLast += uint256((uint224(_reserve1) * Q112) / _reserve0) * timeElapsed;
                price1CumulativeLast += uint256((uint224(_reserve0) * Q112) / _reserve1) * timeElapsed;
            }
            _reserve0 = newReserve0;
            _reserve1 = newReserve1;
            _blockTimestampLast = blockTimestamp;
        }
        emit Sync(newReserve0, newReserve1);
    }
}
