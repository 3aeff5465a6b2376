// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ThresholdRampLib
/// @notice A liquidation threshold that falls linearly in time, as Euler's vault kit ramps its liquidation LTV
/// (`LTVConfig`): the market stores where the cut started (`from`), where it ends (`target`), when it ends and how
/// long it lasts, and computes the value in force at every read. A threshold only ever ramps down: a raise is
/// written with `from == target` and ends at once.
library ThresholdRampLib {
    /// @dev The threshold in force at `timestamp`: `target` from `end` on; before it,
    /// target + (from - target) x (end - timestamp) / duration, rounded down. Rounding down lowers the threshold
    /// (the protocol's side during a cut: a position never counts as safer than the straight line says), and keeps
    /// the value non-increasing in time. At the block the ramp starts (end - timestamp = duration) it is exactly
    /// `from`: a transaction in that block sees no change. Assumes from >= target, while
    /// timestamp < end that end - duration <= timestamp (so duration > 0), and each argument within the width
    /// `ThresholdRamp` stores it in.
    function valueAt(uint256 target, uint256 from, uint256 end, uint256 duration, uint256 timestamp)
        internal
        pure
        returns (uint256)
    {
        if (timestamp >= end) return target;
        // Cannot overflow: from >= target, 0 < end - timestamp <= duration, and (from - target) x duration fits in
        // 64 + 32 bits for the stored widths.
        unchecked {
            return target + (from - target) * (end - timestamp) / duration;
        }
    }
}
