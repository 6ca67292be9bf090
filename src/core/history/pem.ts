// PEM text of a recorded chain: base64 DER wrapped at 64 columns, leaf first.
export function chainToPem(chainDer: readonly string[]): string {
  return chainDer
    .map((der) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`)
    .join('');
}

/** A file name for a host's chain: ports and odd characters become dashes. */
export function pemFileName(host: string, spki: string): string {
  return `${host.replace(/[^a-z0-9.-]+/gi, '-')}-${spki.slice(0, 8).replace(/[^a-z0-9]/gi, '')}.pem`;
}
