// Typed access to the compiled artifacts in ../generated (written by scripts/build.cjs, never by hand).
import auraBadge from '../generated/AuraBadge.json';
import auraPassport from '../generated/AuraPassport.json';

export interface ContractArtifact {
  contractName: string;
  abi: readonly Record<string, unknown>[];
  bytecode: string;
}

export const AURA_BADGE: ContractArtifact = auraBadge;
export const AURA_PASSPORT: ContractArtifact = auraPassport;
