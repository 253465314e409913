export interface Batch {
  id: string;
  events: { id: string; type: string; anonymousId?: string; customerId?: string; properties?: Record<string, unknown> }[];
  /** "acked": answered 200 with every event accepted; "lost": no answer (the connection died). */
  outcome?: "acked" | "lost";
}

/** A batch of unique events: page views and one order, so that the orders table is exercised too. */
export function makeBatch(id: string, size: number): Batch {
  const events: Batch["events"] = Array.from({ length: size - 1 }, (_, i) => ({
    id: `${id}-e${i}`,
    type: "page.viewed",
    anonymousId: `visitor-${id}`,
    properties: { path: `/products/${i}` },
  }));
  events.push({ id: `${id}-order`, type: "order.placed", customerId: `customer-${id}`, properties: { orderId: `order-${id}`, total: 49.9 } });
  return { id, events };
}

export async function postBatch(url: string, key: string, batch: Batch): Promise<Response> {
  return fetch(`${url}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ batch: batch.events }),
  });
}

/**
 * Sends batches from `workers` concurrent loops until `shouldStop()`. A 200 marks a batch acked; a
 * network error marks it lost; any other answer is a failure of the run (thrown).
 */
export async function runLoad(options: {
  url: string;
  key: string;
  workers: number;
  batchSize: number;
  shouldStop: () => boolean;
  onAck: (acked: number) => void;
}): Promise<Batch[]> {
  const batches: Batch[] = [];
  let acked = 0;
  const worker = async (w: number) => {
    for (let n = 0; !options.shouldStop(); n++) {
      const batch = makeBatch(`w${w}-b${n}`, options.batchSize);
      batches.push(batch);
      let response: Response;
      try {
        response = await postBatch(options.url, options.key, batch);
      } catch {
        batch.outcome = "lost";
        return;
      }
      const body = await response.text().catch(() => null);
      if (body === null) {
        batch.outcome = "lost";
        return;
      }
      if (response.status !== 200) throw new Error(`batch ${batch.id} got ${response.status}: ${body}`);
      const answer = JSON.parse(body) as { accepted: number; duplicates: number; rejected: unknown[] };
      if (answer.accepted !== batch.events.length) throw new Error(`batch ${batch.id} was not accepted whole: ${body}`);
      batch.outcome = "acked";
      options.onAck(++acked);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  return batches;
}
