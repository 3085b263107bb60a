/** Sets INPUT_* variables the way the runner does, clearing any left by an earlier test. */
export function setInputs(inputs: Record<string, string>): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key.startsWith('S4E_') || key === 'GITHUB_EVENT_PATH' || key === 'GITHUB_EVENT_NAME' || key === 'GITHUB_ACTOR') {
      delete process.env[key]
    }
  }
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
}
