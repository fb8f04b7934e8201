/**
 * Whether a process with this pid is running on this machine (in this pid namespace): signal 0
 * checks without signalling. EPERM means it exists and is someone else's.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
