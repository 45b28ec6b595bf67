/**
 * Whether the rows appended to a rate part came in the order the part is stored in: (item, rate,
 * price) for prices, (item, rate) for providers. They do when a file's batches are appended in
 * order, as the ingest appends them, and then the part is written as it is instead of through
 * DuckDB's sort (about 37 ms of CPU per million price rows and 24 per million provider rows, a
 * twentieth of an unfiltered ingest). Rows out of order, from any caller, bring the sort back.
 */
export class AscendingRows {
  private item = -1;
  private rate = -1;
  private price = -1;
  private ascending = true;

  /** No row so far came before the one appended ahead of it. */
  get inOrder(): boolean {
    return this.ascending;
  }

  /** Rows were appended whose order was not noted: the part is sorted when written. */
  unknown(): void {
    this.ascending = false;
  }

  /** Notes rows `[0, length)`; without `price`, rows of one rate may come in any order. */
  note(item: Int32Array, rate: Int32Array, price: Int32Array | undefined, length: number): void {
    if (!this.ascending || length === 0) return;
    let lastItem = this.item;
    let lastRate = this.rate;
    let lastPrice = this.price;
    for (let row = 0; row < length; row++) {
      const i = item[row]!;
      const r = rate[row]!;
      const p = price === undefined ? 0 : price[row]!;
      if (i < lastItem || (i === lastItem && (r < lastRate || (r === lastRate && p < lastPrice)))) {
        this.ascending = false;
        return;
      }
      lastItem = i;
      lastRate = r;
      lastPrice = p;
    }
    this.item = lastItem;
    this.rate = lastRate;
    this.price = lastPrice;
  }
}
