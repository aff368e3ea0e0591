/**
 * Large buffers kept for reuse between operations. On machines where first touching fresh
 * memory is costly (virtual machines that hand freed pages back to the host: ~3 ms per MB
 * measured here, ten times a copy into memory already touched), allocating a new 100 MB
 * buffer per write costs more than the copy into it. Kept buffers are released after
 * `idleMs` without use, so an idle process does not hold them.
 */
export class ScratchMemory<B extends ArrayBufferLike> {
  private free: B[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly allocate: (bytes: number) => B,
    private readonly idleMs = 5_000,
    /** A new buffer is this much larger than asked, so a slightly larger next use still fits. */
    private readonly growth = 1.25,
  ) {}

  /** A buffer of at least `bytes` (a kept one if large enough), yours until `release`. */
  acquire(bytes: number): B {
    const i = this.free.findIndex((b) => b.byteLength >= bytes);
    if (i >= 0) return this.free.splice(i, 1)[0]!;
    return this.allocate(Math.max(64, Math.ceil((bytes * this.growth) / 8) * 8));
  }

  /** Gives a buffer back for reuse. */
  release(buffer: B): void {
    this.free.push(buffer);
    // keep the two largest: enough for a writer and a concurrent one
    this.free.sort((a, b) => b.byteLength - a.byteLength).splice(2);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.free = [];
    }, this.idleMs);
    this.timer.unref();
  }

  /** Bytes held for reuse now. */
  get kept(): number {
    return this.free.reduce((n, b) => n + b.byteLength, 0);
  }
}
