/** Signals the runner sends when a workflow run is cancelled. */
export const CANCEL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** Runs work with an AbortSignal that fires on the cancel signals, so long waits end promptly. */
export async function withCancellation<T>(work: (signal: AbortSignal) => Promise<T>, signals: NodeJS.Signals[] = CANCEL_SIGNALS): Promise<T> {
  const controller = new AbortController()
  const onSignal = () => controller.abort()
  for (const signal of signals) process.on(signal, onSignal)
  try {
    return await work(controller.signal)
  } finally {
    for (const signal of signals) process.off(signal, onSignal)
  }
}
