import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import autocannon from "autocannon";

/**
 * The HTTP side of the benchmark: the real server started as child processes, and
 * autocannon filing prepared claims against them, one instance per server.
 */

/** A request ready to send: its headers and JSON body. */
export interface PreparedRequest {
  headers: Record<string, string>;
  body: string;
}

/** What one load run measured. */
export interface LoadResult {
  /** responses received */
  responses: number;
  seconds: number;
  /** responses per second */
  rps: number;
  /** latency percentiles, ms */
  p50: number;
  p99: number;
  max: number;
  /** responses by HTTP status */
  statuses: Record<string, number>;
  /** connection errors and timeouts */
  errors: number;
  timeouts: number;
  /** prepared requests sent; beyond the pool the last requests are sent again (idempotent replays) */
  sent: number;
  exhausted: boolean;
}

/** Running server processes. */
export interface Servers {
  urls: string[];
  /** process ids, for CPU accounting */
  pids: number[];
  /** SIGTERM, then SIGKILL after a grace period; resolves when all have exited */
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not answer /healthz in ${timeoutMs / 1000} s:\n${output()}`);
}

/** Starts `count` servers (`node --import tsx src/main.ts`) on free ports and waits for /healthz on each. */
export async function startServers(count: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<Servers> {
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
            child.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      let output = "";
      const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/main.ts"], {
        env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-20_000);
      };
      child.stdout?.on("data", keep);
      child.stderr?.on("data", (chunk: Buffer) => {
        keep(chunk);
        process.stderr.write(`[server ${i + 1}] ${chunk.toString()}`);
      });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(url, child, () => output);
      urls.push(url);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { urls, pids: children.map((c) => c.pid ?? 0), stop };
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

/**
 * POSTs the prepared requests to `path` for `duration` seconds over `connections` connections,
 * split evenly over the servers (one autocannon instance per server, all at once). Each
 * request is taken from the pool once, whichever server it goes to.
 */
export async function driveRequests(
  urls: string[],
  pool: PreparedRequest[],
  cursor: { next: number },
  options: { path: string; connections: number; duration: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let exhausted = false;
  const take = (): PreparedRequest => {
    if (cursor.next >= pool.length) exhausted = true;
    const r = pool[Math.min(cursor.next, pool.length - 1)]!;
    cursor.next++;
    sent++;
    return r;
  };
  const perServer = urls.map((_, i) => Math.floor(options.connections / urls.length) + (i < options.connections % urls.length ? 1 : 0));
  const started = performance.now();
  const results = await Promise.all(
    urls.map((url, i) => new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({
        url,
        connections: Math.max(1, perServer[i]!),
        duration: options.duration,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: options.path,
            setupRequest: (req) => {
              const r = take();
              return { ...req, headers: { ...req.headers, ...r.headers }, body: r.body };
            },
          },
        ],
      }, (err, result) => (err ? reject(err) : resolve(result)));
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
        latencies.push(responseTime);
      });
    })),
  );
  const seconds = Math.max(...results.map((r) => r.duration), (performance.now() - started) / 1000 - 0.05);
  const sorted = Float64Array.from(latencies).sort();
  return {
    responses: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    statuses,
    errors: results.reduce((s, r) => s + r.errors, 0),
    timeouts: results.reduce((s, r) => s + r.timeouts, 0),
    sent,
    exhausted,
  };
}

/** Share of responses with a 2xx status. */
export function okShare(r: LoadResult): number {
  const ok = Object.entries(r.statuses).reduce((s, [code, n]) => s + (code.startsWith("2") ? n : 0), 0);
  return r.responses ? ok / r.responses : 0;
}

/** Busy and total CPU time of the whole machine so far, from /proc/stat (null where there is none). */
export async function machineCpu(): Promise<{ idle: number; total: number } | null> {
  const { readFile } = await import("node:fs/promises");
  try {
    const fields = (await readFile("/proc/stat", "utf8")).split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3]! + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** Share of the machine's CPU time that was busy between two machineCpu samples. */
export function busyBetween(a: { idle: number; total: number } | null, b: { idle: number; total: number } | null): number {
  if (!a || !b) return NaN;
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}

/** Share of the machine's CPU busy over `ms`: run it while the benchmark itself is idle to see what else is running. */
export async function cpuBusy(ms = 1000): Promise<number> {
  const a = await machineCpu();
  await new Promise((r) => setTimeout(r, ms));
  return busyBetween(a, await machineCpu());
}

/** CPU time (user + system) a process has used so far, ms; NaN where /proc is missing. */
export async function processCpuMs(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command; in clock ticks (USER_HZ = 100)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
