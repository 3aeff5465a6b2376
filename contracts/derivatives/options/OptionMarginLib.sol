// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

uint256 constant OPTION_BPS = 10_000;
uint256 constant OPTION_WAD = 1e18;

/// @notice Margin rules of the options venue, Lyra v2 standard-manager style. Fractions in basis points.
/// @param callSpotBps Short call maintenance buffer, fraction of spot (Lyra v2: 9% -> 900).
/// @param putSpotBps Short put maintenance buffer, fraction of spot, the first term of the min (900).
/// @param putMtmBps Short put maintenance buffer, fraction of the put's mark, the second term of the min (900).
/// @param initialBufferBps Initial margin = mark + buffer x this / 10_000 (15_000: the buffer x 1.5).
/// @param scenarioSpotShockBps Scenario grid spot shock (±, bps of spot); 0 turns the grid off (default).
/// @param scenarioVolShockBps Scenario grid vol shock (bps of vol, upwards) at `scenarioReferenceTau` or more.
/// @param scenarioReferenceTau Time to expiry (s) at and above which the vol shock is not scaled; below it the shock
/// grows as √(reference / τ), capped at `scenarioMaxVolScale` (WAD).
/// @param scenarioMaxVolScale Cap of the near-expiry vol-shock multiplier (WAD, 4e18 = 4x).
struct MarginParams {
    uint16 callSpotBps;
    uint16 putSpotBps;
    uint16 putMtmBps;
    uint32 initialBufferBps;
    uint16 scenarioSpotShockBps;
    uint32 scenarioVolShockBps;
    uint32 scenarioReferenceTau;
    uint64 scenarioMaxVolScale;
}

/// @notice Dutch auction of an account's portfolio (Lyra v2). Fractions of the portfolio's equity in bps.
/// @param fastStartBps Bid price at the start of a solvent auction (9_500 = 95% of equity).
/// @param fastEndBps Bid price at the end of the fast phase (7_000 = 70%).
/// @param fastDuration Length of the fast phase (s, 15 minutes).
/// @param slowDuration Length of the slow phase to 0 (s, 12 hours); also the ramp of the insolvent incentive.
/// @param liquidationFeeBps Fee taken from a solvent bid for the insurance fund (1_000 = 10%).
struct AuctionParams {
    uint16 fastStartBps;
    uint16 fastEndBps;
    uint32 fastDuration;
    uint32 slowDuration;
    uint16 liquidationFeeBps;
}

/// @title OptionMarginLib
/// @notice Pure margin and auction arithmetic of the options venue; amounts are WAD quote values.
library OptionMarginLib {
    /// @notice Maintenance buffer (above the mark) of one short option unit: call `callSpot·spot`, put
    /// `min(putSpot·spot, putMtm·mark)`; rounded up.
    function maintenanceBuffer(bool isCall, uint256 mark, uint256 spot, MarginParams memory p)
        internal
        pure
        returns (uint256)
    {
        if (isCall) return Math.mulDiv(spot, p.callSpotBps, OPTION_BPS, Math.Rounding.Ceil);
        uint256 spotTerm = Math.mulDiv(spot, p.putSpotBps, OPTION_BPS, Math.Rounding.Ceil);
        uint256 mtmTerm = Math.mulDiv(mark, p.putMtmBps, OPTION_BPS, Math.Rounding.Ceil);
        return spotTerm < mtmTerm ? spotTerm : mtmTerm;
    }

    /// @notice Per-unit maintenance (`initial` false) or initial requirement: mark + buffer (x initialBuffer).
    function requirementPerUnit(bool isCall, uint256 mark, uint256 spot, bool initial, MarginParams memory p)
        internal
        pure
        returns (uint256)
    {
        uint256 buffer = maintenanceBuffer(isCall, mark, spot, p);
        if (initial) buffer = Math.mulDiv(buffer, p.initialBufferBps, OPTION_BPS, Math.Rounding.Ceil);
        return mark + buffer;
    }

    /// @notice The scenario grid's upward vol (WAD) for `vol` at `tau` seconds to expiry: vol x (1 + shock x scale),
    /// scale = min(√(reference / τ), maxScale), 1 at and beyond the reference; rounded up.
    function shockedVol(uint256 vol, uint256 tau, MarginParams memory p) internal pure returns (uint256) {
        uint256 scale = OPTION_WAD;
        if (tau < p.scenarioReferenceTau) {
            scale = tau == 0
                ? p.scenarioMaxVolScale
                : Math.sqrt(Math.mulDiv(p.scenarioReferenceTau, OPTION_WAD * OPTION_WAD, tau));
            if (scale > p.scenarioMaxVolScale) scale = p.scenarioMaxVolScale;
        }
        uint256 shock = Math.mulDiv(uint256(p.scenarioVolShockBps) * scale, OPTION_WAD, OPTION_BPS * OPTION_WAD);
        return Math.mulDiv(vol, OPTION_WAD + shock, OPTION_WAD, Math.Rounding.Ceil);
    }

    /// @notice Bid price of a solvent auction as a fraction of equity (bps) after `elapsed` seconds: linear from
    /// `fastStartBps` to `fastEndBps` over `fastDuration`, then linear to 0 over `slowDuration`; rounded down.
    function solventBidBps(uint256 elapsed, AuctionParams memory a) internal pure returns (uint256) {
        if (elapsed < a.fastDuration) {
            uint256 drop = uint256(a.fastStartBps) - a.fastEndBps;
            return a.fastStartBps - Math.mulDiv(drop, elapsed, a.fastDuration, Math.Rounding.Ceil);
        }
        uint256 slowElapsed = elapsed - a.fastDuration;
        if (slowElapsed >= a.slowDuration) return 0;
        return uint256(a.fastEndBps) * (a.slowDuration - slowElapsed) / a.slowDuration;
    }

    /// @notice Largest share (WAD, rounded up) of a solvent portfolio one bid may take: the share that brings the account
    /// back to maintenance (Lyra v2's max proportion, audit OPT-04). Mark, requirements, max-loss caps and the grid
    /// all scale with the amounts, so after a bid of `f` at `bidBps` with fee `feeBps` the account holds `(1 − f)` of
    /// its book and `cash·(1 − f) + f·E·bid·(1 − fee)` (E = cash − mark), which meets `(1 − f)·maintenance` from
    /// `f* = (M − cash) / (M − cash + E·bid·(1 − fee))`. 1 when healthy-by-nothing (bid 0 or no equity: the whole
    /// book), 0 when the account already meets maintenance. All amounts in the same unit.
    function maxSolventFraction(uint256 cash, uint256 markValue, uint256 maintenance, uint256 bidBps, uint256 feeBps)
        internal
        pure
        returns (uint256)
    {
        if (cash >= maintenance) return 0;
        uint256 shortfall = maintenance - cash;
        uint256 equity = cash > markValue ? cash - markValue : 0;
        uint256 gain = Math.mulDiv(equity, bidBps * (OPTION_BPS - feeBps), OPTION_BPS * OPTION_BPS);
        return Math.mulDiv(shortfall, OPTION_WAD, shortfall + gain, Math.Rounding.Ceil);
    }

    /// @notice Progress (WAD, 0..1) of the insolvent incentive after `elapsed` seconds: linear over `slowDuration`.
    function insolventProgress(uint256 elapsed, AuctionParams memory a) internal pure returns (uint256) {
        if (elapsed >= a.slowDuration) return OPTION_WAD;
        return elapsed * OPTION_WAD / a.slowDuration;
    }
}
