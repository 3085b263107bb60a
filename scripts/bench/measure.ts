// Helpers every bench section shares.
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`
}
