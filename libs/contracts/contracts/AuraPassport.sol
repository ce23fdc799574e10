// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Soulbound721} from "./Soulbound721.sol";

/// @title AuraPassport: one soulbound identity passport per address.
contract AuraPassport is Soulbound721 {
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    error AlreadyHasPassport(address holder);

    constructor(address admin) Soulbound721("Aura Passport", "AURAP") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ISSUER_ROLE, admin);
    }

    function issue(address to) external onlyRole(ISSUER_ROLE) returns (uint256) {
        if (balanceOf(to) > 0) revert AlreadyHasPassport(to);
        return _mintNext(to);
    }

    function totalIssued() external view returns (uint256) {
        return _mintedCount();
    }
}
