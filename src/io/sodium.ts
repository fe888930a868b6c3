/**
 * libsodium (sealed boxes for Actions secrets), loaded and initialised on first use: its WebAssembly
 * is the largest thing the program can load, and only setting or checking a secret's value needs it.
 */
export async function loadSodium(): Promise<typeof import('libsodium-wrappers')['default']> {
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  return sodium;
}
