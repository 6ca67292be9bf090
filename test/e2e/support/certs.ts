// Test certificate authorities and server certificates, made with the openssl binary.
// Each test run makes fresh ones in a temporary folder, so no private key is committed.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sctList } from '../../support/synthetic-leaf.js';

export interface Authority {
  name: string;
  certPem: string;
  certPath: string;
  keyPath: string;
}

export interface ServerCert {
  certPem: string;
  /** The leaf followed by any intermediates: what a TLS server sends. */
  chainPem: string;
  keyPem: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

let serial = 0;
function slug(name: string): string {
  serial += 1;
  return `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${serial}`;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A root CA (no parent) or an intermediate CA signed by `parent`. */
export function makeAuthority(dir: string, name: string, parent?: Authority): Authority {
  mkdirSync(dir, { recursive: true });
  const id = slug(name);
  const keyPath = join(dir, `${id}.key`);
  const certPath = join(dir, `${id}.pem`);
  const ext = join(dir, `${id}.ext`);
  writeFileSync(
    ext,
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
  );
  if (!parent) {
    openssl(['req', '-x509', '-new', ...EC_KEY, '-keyout', keyPath, '-out', certPath, '-days', '3650',
      '-subj', `/O=FirstSeen Tests/CN=${name}`, '-extensions', 'v3_ca', '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  } else {
    const csr = join(dir, `${id}.csr`);
    openssl(['req', '-new', ...EC_KEY, '-keyout', keyPath, '-out', csr, '-subj', `/O=FirstSeen Tests/CN=${name}`], dir);
    openssl(['x509', '-req', '-in', csr, '-CA', parent.certPath, '-CAkey', parent.keyPath, '-CAcreateserial',
      '-out', certPath, '-days', '1825', '-extfile', ext], dir);
  }
  return { name, certPem: readFileSync(certPath, 'utf8'), certPath, keyPath };
}

/**
 * A server certificate for `hosts`, signed by `issuer`, with a fresh key each call.
 * `chainExtra` lists intermediates the server sends after its leaf.
 */
/**
 * The SCT list extension (1.3.6.1.4.1.11129.2.4.2) as openssl's -addext value: one v1 SCT stamped
 * at `at`, as a CT log would embed it. Firefox does not check SCTs under a private root; FirstSeen
 * reads the time as the certificate's true issuance.
 */
function sctExtension(at: Date): string {
  const list = sctList([at.getTime()]);
  const inner = Buffer.concat([Buffer.from([0x04, list.length]), Buffer.from(list)]);
  return `1.3.6.1.4.1.11129.2.4.2=DER:${inner.toString('hex').toUpperCase().match(/../g)!.join(':')}`;
}

export function makeServerCert(dir: string, hosts: string[], issuer: Authority, chainExtra: Authority[] = [], subject?: string, sctAt?: Date): ServerCert {
  const id = slug(hosts[0] ?? 'leaf');
  const keyPath = join(dir, `${id}.key`);
  const csr = join(dir, `${id}.csr`);
  const certPath = join(dir, `${id}.pem`);
  const ext = join(dir, `${id}.ext`);
  writeFileSync(
    ext,
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n` +
      `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n` +
      (sctAt ? `${sctExtension(sctAt)}\n` : ''),
  );
  // `subject` is openssl's -subj form ("/O=x/CN=y", "/" inside a value escaped as "\/"), in UTF-8.
  openssl(['req', '-new', ...EC_KEY, '-utf8', '-keyout', keyPath, '-out', csr, '-subj', subject ?? `/CN=${hosts[0]}`], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-CAcreateserial',
    '-out', certPath, '-days', '90', '-extfile', ext], dir);
  const certPem = readFileSync(certPath, 'utf8');
  return {
    certPem,
    chainPem: certPem + chainExtra.map((a) => a.certPem).join(''),
    keyPem: readFileSync(keyPath, 'utf8'),
  };
}

/** The SPKI SHA-256 of a PEM certificate, in the base64 form Firefox reports. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Waits until the wall clock has passed into a new second. Certificates' notBefore has one-second
 * precision: a certificate made after this is certainly issued after anything FirstSeen saw before.
 */
export async function nextSecond(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 5));
}
