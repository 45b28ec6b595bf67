/**
 * CPU seconds of this process and of its children that have ended (Linux `/proc/self/stat`: utime,
 * stime, cutime, cstime in clock ticks), for runs that fork worker processes: the machine is shared,
 * so CPU seconds are the steadier figure beside wall time.
 */
import { readFileSync } from "node:fs";

/** Clock ticks per second of `/proc` times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU seconds so far: this process plus its waited-for children (0 for children off Linux). */
export function processTreeCpuSeconds(): number {
  const self = process.cpuUsage();
  let children = 0;
  try {
    // Fields after the command name (which may hold spaces) start at state: cutime, cstime are 14, 15.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    children = (Number(fields[13]) + Number(fields[14])) / TICKS;
  } catch {
    children = 0;
  }
  return (self.user + self.system) / 1e6 + children;
}
