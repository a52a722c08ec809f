// The load generator, in its own process (so that it does not share the server's event loop). It
// receives a job over IPC and answers with the figures:
//
//   - a load job: cycles through the paths with autocannon for some seconds at N connections
//     (with headers, e.g. a session cookie); or through requests with a method and a body (writes),
//     resuming where the previous job of the same cursor stopped;
//   - an apply job (the registration rush): one POST /api/v1/applications per teacher, each with
//     the teacher's own session, N at once, measuring the wall time of the whole batch;
//   - a forward job: every methodist at once lists her basket (submitted, per course, in pages)
//     and forwards what she found in bulk.
import http from 'node:http';
import autocannon from 'autocannon';

export type LoadJob = {
  kind?: 'load';
  url: string;
  paths: string[];
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Requests to cycle through instead of GET paths. */
  requests?: { method: string; path: string; body: string; headers?: Record<string, string> }[];
  /** Jobs with the same cursor continue the cycle where the last one stopped. */
  cursor?: string;
};
export type LoadResult = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
};

/** A write carried by a session cookie must say it comes from a script, not a cross-site form. */
const writeHeaders = (cookie: string) => ({
  cookie,
  'content-type': 'application/json',
  'x-requested-with': 'ebppk',
});

export type ApplyJob = {
  kind: 'apply';
  url: string;
  concurrency: number;
  /** One request each: the teacher's session cookie and the course. */
  requests: { cookie: string; courseId: number }[];
};
export type ApplyResult = {
  seconds: number;
  p50: number;
  p99: number;
  /** Answers by HTTP status ('error' for a failed connection). */
  statuses: Record<string, number>;
  /** Each request's HTTP status, in the order of the requests (0: no answer). */
  answers: number[];
  /** The start of the body of the first 200 answers other than 201, by the request's index. */
  refusals: Record<number, string>;
  /** What each 201 answer acknowledged. */
  acknowledged: { id: string; teacherId: string; courseId: string }[];
  /** A few of the other answers, for the report. */
  samples: string[];
};

export type ForwardJob = {
  kind: 'forward';
  url: string;
  methodists: { territoryId: number; cookie: string }[];
  courseIds: number[];
  pageSize: number;
  /** Ids per bulk call. */
  chunk: number;
};
export type ForwardResult = {
  seconds: number;
  listed: number;
  lists: number;
  calls: number;
  /** Latency of the list requests and of the bulk forward calls. */
  listP50: number;
  listP99: number;
  callP50: number;
  callP99: number;
  statuses: Record<string, number>;
  results: { id: string; ok: boolean; status?: string; error?: string }[];
  samples: string[];
};

export type Job = LoadJob | ApplyJob | ForwardJob;
export type ResultOf<J extends Job> = J extends ApplyJob
  ? ApplyResult
  : J extends ForwardJob
    ? ForwardResult
    : LoadResult;

/** Where each cursor's cycle stands: the number of requests it has issued. */
const cursors = new Map<string, number>();

async function load(job: LoadJob): Promise<LoadResult> {
  let next = job.cursor ? (cursors.get(job.cursor) ?? 0) : 0;
  const writes = job.requests;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    ...(job.headers ? { headers: job.headers } : {}),
    requests: [
      {
        setupRequest: (request) => {
          if (writes?.length) {
            const w = writes[next++ % writes.length];
            if (job.cursor) cursors.set(job.cursor, next);
            return {
              ...request,
              method: w?.method ?? 'GET',
              path: w?.path ?? '/',
              body: w?.body ?? '',
              headers: { ...request.headers, ...w?.headers },
            };
          }
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

/** Percentile (0–100) of latencies in milliseconds, rounded as autocannon rounds them. */
function percentile(values: number[], p: number) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
}

/** A keep-alive HTTP client with at most `sockets` connections: lighter than fetch. */
function client(url: string, sockets: number) {
  const base = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
      const started = performance.now();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers:
            payload === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return { send, close: () => agent.destroy() };
}

const count = (statuses: Record<string, number>, key: string | number) => {
  statuses[key] = (statuses[key] ?? 0) + 1;
};

async function apply(job: ApplyJob): Promise<ApplyResult> {
  const { send, close } = client(job.url, job.concurrency);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const acknowledged: ApplyResult['acknowledged'] = [];
  const answers = job.requests.map(() => 0);
  const refusals: Record<number, string> = {};
  let refused = 0;
  const samples: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < job.requests.length; i = next++) {
      const r = job.requests[i];
      if (!r) break;
      try {
        const res = await send('POST', '/api/v1/applications', writeHeaders(r.cookie), {
          courseId: r.courseId,
        });
        latencies.push(res.ms);
        count(statuses, res.status);
        answers[i] = res.status;
        if (res.status === 201) {
          const body = JSON.parse(res.text) as {
            id: string;
            teacher: { id: string };
            course: { id: string };
          };
          acknowledged.push({ id: body.id, teacherId: body.teacher.id, courseId: body.course.id });
        } else {
          if (refused++ < 200) refusals[i] = res.text.slice(0, 200);
          // 409 is the expected answer to a teacher applying again: judged by the caller.
          if (res.status !== 409 && samples.length < 5)
            samples.push(`${res.status} ${res.text.slice(0, 300)}`);
        }
      } catch (error) {
        count(statuses, 'error');
        if (samples.length < 5) samples.push(String(error));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  close();
  return {
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
    answers,
    refusals,
    acknowledged,
    samples,
  };
}

async function forward(job: ForwardJob): Promise<ForwardResult> {
  const { send, close } = client(job.url, job.methodists.length);
  const listLatencies: number[] = [];
  const callLatencies: number[] = [];
  const statuses: Record<string, number> = {};
  const results: ForwardResult['results'] = [];
  const samples: string[] = [];
  let listed = 0;
  const fail = (what: string, status: number, text: string) => {
    if (samples.length < 5) samples.push(`${what}: ${status} ${text.slice(0, 300)}`);
  };
  const methodist = async (m: ForwardJob['methodists'][number]) => {
    const ids: string[] = [];
    for (const courseId of job.courseIds) {
      for (let offset = 0; ; offset += job.pageSize) {
        const params = new URLSearchParams({
          basket: 'methodist',
          status: 'submitted',
          courseId: String(courseId),
          limit: String(job.pageSize),
          offset: String(offset),
        });
        const res = await send('GET', `/api/v1/applications?${params}`, { cookie: m.cookie });
        listLatencies.push(res.ms);
        count(statuses, res.status);
        if (res.status !== 200) {
          fail(`список, территория ${m.territoryId}`, res.status, res.text);
          break;
        }
        const page = JSON.parse(res.text) as { items: { id: string }[]; total: number };
        ids.push(...page.items.map((item) => item.id));
        if (page.items.length === 0 || offset + job.pageSize >= page.total) break;
      }
    }
    listed += ids.length;
    for (let i = 0; i < ids.length; i += job.chunk) {
      const res = await send('POST', '/api/v1/applications/actions/forward', writeHeaders(m.cookie), {
        ids: ids.slice(i, i + job.chunk),
      });
      callLatencies.push(res.ms);
      count(statuses, res.status);
      if (res.status !== 200) {
        fail(`передача, территория ${m.territoryId}`, res.status, res.text);
        continue;
      }
      results.push(...(JSON.parse(res.text) as { results: ForwardResult['results'] }).results);
    }
  };
  const started = performance.now();
  await Promise.all(
    job.methodists.map((m) =>
      methodist(m).catch((error: unknown) => {
        count(statuses, 'error');
        if (samples.length < 5) samples.push(String(error));
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  close();
  return {
    seconds,
    listed,
    lists: listLatencies.length,
    calls: callLatencies.length,
    listP50: percentile(listLatencies, 50),
    listP99: percentile(listLatencies, 99),
    callP50: percentile(callLatencies, 50),
    callP99: percentile(callLatencies, 99),
    statuses,
    results,
    samples,
  };
}

function run(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'apply':
      return apply(job);
    case 'forward':
      return forward(job);
    default:
      return load(job);
  }
}

process.on('message', (job: Job) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
