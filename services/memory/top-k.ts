/** Keeps the k best (highest score) items seen, in a bounded min-heap. Ties prefer the larger id. */
export class TopK {
  private readonly ids: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** the score an item must beat to enter, once full */
  get threshold(): number {
    return this.ids.length < this.k ? -Infinity : (this.scores[0] as number);
  }

  offer(id: number, score: number): void {
    if (this.k <= 0) return;
    if (this.ids.length < this.k) {
      this.ids.push(id);
      this.scores.push(score);
      this.siftUp(this.ids.length - 1);
    } else if (this.worse(0, id, score)) {
      this.ids[0] = id;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** best first */
  drain(): { id: number; score: number }[] {
    const out = this.ids.map((id, i) => ({ id, score: this.scores[i] as number }));
    return out.sort((a, b) => b.score - a.score || b.id - a.id);
  }

  /** is the item at heap slot i worse than (id, score)? */
  private worse(i: number, id: number, score: number): boolean {
    const s = this.scores[i] as number;
    return s < score || (s === score && (this.ids[i] as number) < id);
  }

  private less(i: number, j: number): boolean {
    return this.worse(i, this.ids[j] as number, this.scores[j] as number);
  }

  private swap(i: number, j: number): void {
    [this.ids[i], this.ids[j]] = [this.ids[j] as number, this.ids[i] as number];
    [this.scores[i], this.scores[j]] = [this.scores[j] as number, this.scores[i] as number];
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.ids.length && this.less(left, smallest)) smallest = left;
      if (right < this.ids.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
