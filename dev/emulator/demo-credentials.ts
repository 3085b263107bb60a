// Fixed, documented credentials of the emulator. They open nothing but the local emulator.

export const DEMO_CLIENT_ID = 'demo-client'
export const DEMO_CLIENT_SECRET = 'demo-secret-7f3a9c2e51b84d06'
export const DEMO_API_KEY = 's4e_demo_key_5b1e8d0c9a7f4e23'

/** May only be granted `assets:read`: asking it for more gives `invalid_scope`, using it elsewhere `403`. */
export const READ_ONLY_CLIENT_ID = 'demo-readonly-client'
export const READ_ONLY_CLIENT_SECRET = 'demo-readonly-secret-2c6d4a8e'
