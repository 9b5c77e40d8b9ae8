import { readFileSync } from 'node:fs';

/**
 * CPU seconds a process has used (user + system), or null where /proc is missing. Printed next
 * to a latency figure, it says whether the server was saturated or merely slow to answer.
 */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
