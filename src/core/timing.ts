/** Everything that waits or reads the time goes through this, so tests never sleep for real. */
export interface Timing {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

export const realTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random()
}
