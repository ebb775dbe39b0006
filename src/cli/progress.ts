import cliProgress from "cli-progress";

/** Progress of a long command on stderr: a bar on a terminal, a plain line every few seconds otherwise (logs, CI). */
export interface Progress {
  update(value: number, status: string): void;
  /** a message that must not be drawn over by the bar */
  log(line: string): void;
  stop(): void;
}

/** Starts reporting progress towards `total` (orders, bytes…). */
export function startProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bars = new cliProgress.MultiBar(
      { format: `${label} [{bar}] {percentage}% | {status}`, hideCursor: true, stream, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    const bar = bars.create(Math.max(total, 1), 0, { status: "" });
    return {
      update: (value, status) => bar.update(Math.min(value, total), { status }),
      log: (line) => bars.log(`${line}\n`),
      stop: () => bars.stop(),
    };
  }
  let lastPrinted = 0;
  return {
    update(value, status) {
      const now = Date.now();
      if (now - lastPrinted < 5000) return;
      lastPrinted = now;
      const percent = total > 0 ? Math.floor((100 * Math.min(value, total)) / total) : 0;
      stream.write(`${label} ${percent}% | ${status}\n`);
    },
    log: (line) => stream.write(`${line}\n`),
    stop: () => {},
  };
}
