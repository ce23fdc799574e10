// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Soulbound721: an ERC-721 whose tokens can be minted and burned but never moved between holders.
abstract contract Soulbound721 is ERC721, AccessControl {
    /// Raised when a holder tries to move a token: it is bound to the address that received it.
    error Soulbound(uint256 tokenId);

    uint256 private _nextTokenId = 1;

    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) {}

    function _mintNext(address to) internal returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _safeMint(to, tokenId);
    }

    function _mintedCount() internal view returns (uint256) {
        return _nextTokenId - 1;
    }

    // Every balance change passes through _update: allow mint (from 0) and burn (to 0), refuse the rest.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) revert Soulbound(tokenId);
        return super._update(to, tokenId, auth);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
