// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuctionPriceCurve} from "../../interfaces/IAuctionPriceCurve.sol";
import {MathLib, RAY} from "../../libraries/MathLib.sol";

/// @title StairstepExponentialDecrease
/// @notice Price is multiplied by `cut` every `step` seconds: startPrice x cut^floor(elapsed / step).
contract StairstepExponentialDecrease is IAuctionPriceCurve {
    error InvalidCurve(uint256 step, uint256 cut);

    uint256 public immutable step;
    /// @notice Factor kept per step, RAY (0.99e27 = price falls 1% a step).
    uint256 public immutable cut;

    constructor(uint256 step_, uint256 cut_) {
        if (step_ == 0 || cut_ == 0 || cut_ >= RAY) revert InvalidCurve(step_, cut_);
        step = step_;
        cut = cut_;
    }

    /// @dev RAY power rounded to nearest per squaring (Maker's rpow); the final multiply rounds down.
    function price(uint256 startPrice, uint256 elapsed) external view returns (uint256) {
        return startPrice * MathLib.rpow(cut, elapsed / step) / RAY;
    }
}
