// SPDX-License-Identifier: Apache-2.0

const BINARY: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const FORMAT = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/**
 * A Kubernetes resource quantity (`1.5Gi`, `250m`, `1e3`) held as an exact fraction.
 */
export class Quantity {
  /** Parses the Kubernetes quantity syntax; returns an error message instead of throwing. */
  public static parse(s: string): Quantity | string {
    const m = FORMAT.exec(s);
    if (!m) return `quantities must match the regular expression '${FORMAT.source}'`;
    const [whole, fraction = ''] = m[1].replace(/^[+-]/, '').split('.');
    let num = BigInt(`${whole || '0'}${fraction}`) * (m[1].startsWith('-') ? -1n : 1n);
    let den = 10n ** BigInt(fraction.length);
    const suffix = m[2] ?? '';
    let exp = 0;
    if (suffix in BINARY) num *= 1024n ** BINARY[suffix];
    else if (suffix in DECIMAL) exp = DECIMAL[suffix];
    else if (suffix !== '') exp = Number(suffix.slice(1));
    if (Math.abs(exp) > 1000) return 'quantity exponent out of range';
    if (exp > 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
    return new Quantity(num, den);
  }

  public readonly num: bigint;
  public readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    const g = gcd(num, den);
    this.num = num / g;
    this.den = den / g;
  }

  /** Value-based text, so that equal quantities compare equal in CEL. */
  public get canonical(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  public isInteger(): boolean {
    return this.den === 1n;
  }

  public sign(): number {
    return this.num === 0n ? 0 : this.num > 0n ? 1 : -1;
  }

  public compareTo(o: Quantity): number {
    const d = this.num * o.den - o.num * this.den;
    return d === 0n ? 0 : d > 0n ? 1 : -1;
  }

  public add(o: Quantity): Quantity {
    return new Quantity(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  public negate(): Quantity {
    return new Quantity(-this.num, this.den);
  }

  public static fromInteger(n: bigint): Quantity {
    return new Quantity(n, 1n);
  }

  public asApproximateFloat(): number {
    return Number(this.num) / Number(this.den);
  }
}
