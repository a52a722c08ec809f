// The load generator, in its own process (so that it does not share the server's event loop):
// receives a URL, a list of paths and the connections and duration over IPC, cycles through the
// paths with autocannon and answers with the figures.
import autocannon from 'autocannon';

export type LoadJob = { url: string; paths: string[]; connections: number; seconds: number };
export type LoadResult = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
};

async function run(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    requests: [
      {
        setupRequest: (request) => {
          const path = job.paths[next++ % job.paths.length] ?? '/';
          return { ...request, method: 'GET', path };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / Math.max(result.duration, 1e-9),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
