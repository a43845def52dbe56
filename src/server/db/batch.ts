/**
 * Group commit for the hot paths (the open API's admission, orders of one product): work
 * submitted while a batch is in flight goes together in the next batch, one round trip and
 * one commit for all of it. An idle server sends each item at once (in a batch of one, after
 * the current event-loop turn); a busy one sends fewer, larger batches, so the cost per item
 * falls as the load rises instead of every item queueing for a row lock and a commit of its
 * own.
 *
 * One batch of a key is in flight at a time per process; batches of other keys, and of other
 * app servers, run beside it, and PostgreSQL's row locks order them.
 */
export class Batcher<In, Out> {
  private readonly queues = new Map<string, { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[]>();
  private readonly running = new Set<string>();

  /**
   * `run` receives a batch and returns one outcome per item, in order (an Error outcome
   * rejects that item alone). A throw fails the whole batch.
   */
  constructor(
    private readonly run: (items: In[], key: string) => Promise<(Out | Error)[]>,
    private readonly maxBatch = 1000,
  ) {}

  submit(item: In, key = ''): Promise<Out> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(key);
      if (!queue) this.queues.set(key, (queue = []));
      queue.push({ item, resolve, reject });
      if (!this.running.has(key)) {
        this.running.add(key);
        // After this turn of the event loop: the requests read in the same turn go together.
        setImmediate(() => void this.drain(key));
      }
    });
  }

  private async drain(key: string) {
    for (;;) {
      const queue = this.queues.get(key);
      if (!queue?.length) break;
      const batch = queue.splice(0, this.maxBatch);
      try {
        const outcomes = await this.run(
          batch.map((b) => b.item),
          key,
        );
        batch.forEach((b, i) => {
          const outcome = outcomes[i];
          if (outcome instanceof Error) b.reject(outcome);
          else b.resolve(outcome);
        });
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.queues.delete(key);
    this.running.delete(key);
  }
}
