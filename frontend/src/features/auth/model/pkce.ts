/** PKCE (RFC 7636) with S256, on WebCrypto: works in browsers and in Node 20. */

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomString(byteLength = 32, cryptoImpl: Crypto = globalThis.crypto): string {
  const bytes = new Uint8Array(byteLength);
  cryptoImpl.getRandomValues(bytes);
  return base64UrlEncode(bytes);
}

/** A 43-character verifier (32 random bytes), inside the 43..128 the RFC allows. */
export function createVerifier(cryptoImpl: Crypto = globalThis.crypto): string {
  return randomString(32, cryptoImpl);
}

export async function challengeFor(
  verifier: string,
  cryptoImpl: Crypto = globalThis.crypto,
): Promise<string> {
  const digest = await cryptoImpl.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}
