// Base64 (as Firefox hands rawDER over, and as FirstSeen stores chains) to bytes, in one place.

/** The bytes of a base64 string; throws on text that is not base64 (atob's DOMException). */
export function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
