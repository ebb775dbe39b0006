/** An amount of money in fen (分), always an integer. */
export type Fen = number & { readonly __unit: "fen" };

export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer amount of fen: ${n}`);
  return n as Fen;
}

/**
 * The share of a line's paid amount that belongs to units [from, to) of `quantity` units.
 * Cumulative flooring makes the shares of any split add up exactly to the line total,
 * so claiming the units one by one never refunds a fen more or less than was paid.
 */
export function shareOfLine(paid: Fen, quantity: number, from: number, to: number): Fen {
  if (!(0 <= from && from <= to && to <= quantity)) throw new RangeError("units out of range");
  return fen(Math.floor((paid * to) / quantity) - Math.floor((paid * from) / quantity));
}

/** ¥12.30 for 1230 fen: for people, never for storage. */
export function formatYuan(amount: Fen): string {
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
