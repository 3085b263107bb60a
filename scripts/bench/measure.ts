// Helpers every bench section shares.
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted[Math.floor(sorted.length / 2)]
  if (middle === undefined) throw new Error('The median of no values is undefined.')
  return middle
}

export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`
}
