// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {ILiquidationGuard} from "./ILiquidationGuard.sol";

/// @notice Circuit-breaker parameters. Amounts are in the market's debt-asset base units.
struct BreakerConfig {
    /// @dev Trip when a watched feed's answer moves more than this between two observations at most `priceWindow`
    /// seconds apart, basis points of the earlier answer. 0 switches the price trigger off. Bounds 0 .. 10,000.
    uint16 maxPriceMoveBps;
    /// @dev Seconds (of feed `updatedAt` time) over which price moves are measured. Bounds 1 .. 7 days.
    uint32 priceWindow;
    /// @dev Seconds a trip lasts at least; the first poke (or liquidation) after it lifts the effects. 0 .. 7 days.
    uint32 cooldown;
    /// @dev With EFFECT_THROTTLE_LIQUIDATIONS: debt that liquidations in one block may move in total; the first
    /// liquidation of a block always passes (so a position larger than the cap can still be liquidated).
    uint128 liquidationCapPerBlock;
    /// @dev Trip when the liquidation volume (fixed-bonus repayments plus principal handed to auctions at kicks)
    /// within `volumeWindow` exceeds this. 0 switches the volume trigger off. Needs the breaker set as the
    /// market's liquidation guard. (This field, `volumeWindow` and `effects` share one slot: the hot path reads one.)
    uint128 maxLiquidationVolume;
    /// @dev Seconds of the sliding volume window. Bounds 1 .. 7 days.
    uint32 volumeWindow;
    /// @dev Bitmask of EFFECT_* applied on a trip. 0 = monitor only (trips and events, no effect). Bounds 0 .. 15.
    uint8 effects;
}

/// @notice The market switches the breaker flips (held through the market's GUARDIAN_ROLE).
interface IPausableMarket {
    function paused(bytes32 action) external view returns (bool);

    function setPaused(bytes32 action, bool isPaused) external;
}

/// @notice The auction's stop switch (held through the auction's GUARDIAN_ROLE).
interface IStoppableAuction {
    function stopLevel() external view returns (uint8);

    function setStopLevel(uint8 level) external;
}

/// @title ICircuitBreaker
/// @notice Halts or throttles one lending market (and its Dutch auction) when an oracle price moves too far too fast
/// or when liquidation volume surges, then lifts the effects after a cooldown.
/// @dev The breaker acts only through switches the market and auction already expose: it must hold the market's
/// and the auction's GUARDIAN_ROLE, and (for the volume trigger and the throttle) be the market's liquidation guard.
/// Anyone may `poke` it with fresh feed data. On a trip it records which switches it turned on, and on a reset it
/// turns off only those, and only if they are still on: a pause set by a person before the trip survives the reset.
interface ICircuitBreaker is ILiquidationGuard {
    /* ERRORS */

    error ZeroAddress();
    error InvalidConfig(
        uint256 maxPriceMoveBps, uint256 priceWindow, uint256 volumeWindow, uint256 cooldown, uint256 effects
    );
    /// @notice EFFECT_HALT_KICKS needs an auction; this breaker was built without one.
    error NoAuction();
    error TooManyFeeds(uint256 count, uint256 max);
    /// @notice A watched feed answered zero or a negative number.
    error InvalidPrice(address feed, int256 answer);
    /// @notice Only the market may call the liquidation hook.
    error NotMarket(address caller);
    /// @notice The throttle refused a liquidation: `blockVolume` already moved in block `blockNumber`, plus `debt`,
    /// would exceed `cap`.
    error LiquidationThrottled(uint256 blockNumber, uint256 blockVolume, uint256 debt, uint256 cap);
    error AlreadyTripped(uint256 trippedUntil);
    error NotTripped();

    /* EVENTS */

    /// @notice The breaker tripped. `value` is the price move in bps (rounded up) or the volume estimate;
    /// `limit` the configured limit (0 for a manual trip); effects stay at least until `until`.
    event Tripped(uint8 indexed reason, uint8 effects, uint256 value, uint256 limit, uint256 until);
    /// @notice The breaker reset; `manual` when a guardian did it. `by` is the caller.
    event Reset(bool manual, address indexed by);
    event ConfigUpdated(BreakerConfig config);
    event FeedsUpdated(AggregatorV3Interface[] feeds);

    /* ACTIONS */

    /// @notice Anyone: reads every watched feed, records new answers, resets the breaker if its cooldown is over,
    /// then trips it if a price moved more than `maxPriceMoveBps` within `priceWindow` or the liquidation volume in
    /// the window exceeds `maxLiquidationVolume`. Returns whether the breaker is tripped afterwards.
    function poke() external returns (bool tripped);

    /// @notice GUARDIAN_ROLE: trips by hand with the configured effects (reason REASON_MANUAL).
    function trip() external;

    /// @notice GUARDIAN_ROLE: resets by hand, before the cooldown if need be.
    function reset() external;

    /* VIEWS */

    function config() external view returns (BreakerConfig memory);

    function feeds() external view returns (AggregatorV3Interface[] memory);

    /// @notice Whether the breaker is tripped (effects in force until a reset).
    function isTripped() external view returns (bool);

    /// @notice Time of the last trip (0 when not tripped) and the earliest time of the automatic reset.
    function trippedAt() external view returns (uint64);

    function trippedUntil() external view returns (uint64);

    /// @notice Liquidation volume in the sliding window now (debt base units): the previous window's volume
    /// weighted by the share of it still inside the window, plus the current window's volume (rounded down).
    function liquidationVolume() external view returns (uint256);

    /// @notice Largest move (bps, rounded up) between the newest answer of any watched feed and an earlier recorded
    /// answer within `priceWindow`.
    function priceMoveBps() external view returns (uint256);
}
