import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** A path parameter that must match `pattern`; the value is lower-cased (addresses and hashes). */
export class HexParamPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly message: string,
  ) {}

  transform(raw: unknown): string {
    const value = String(raw);
    if (!this.pattern.test(value)) throw new BadRequestException(`${this.message}; got "${value.slice(0, 80)}"`);
    return value.toLowerCase();
  }
}

/** A block number: a whole number from 0 to 2^53 - 1, in decimal. */
export class BlockNumberPipe implements PipeTransform<unknown, number> {
  transform(raw: unknown): number {
    // The global ValidationPipe may already have turned "-1" into -1: judge the text.
    const value = String(raw);
    const n = Number(value);
    if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(n))
      throw new BadRequestException(`block number must be a whole number of at least 0; got "${value.slice(0, 80)}"`);
    return n;
  }
}
