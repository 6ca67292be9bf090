// The offline readers the pin exports are fed to (real-consumers.test.ts, hostile-names.test.ts):
// javac and java against the OkHttp stand-in, xmllint against the Android schema, Python's plistlib.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;

/** Compiles the Java export with the OkHttp stand-in and runs it: stdout lists "pattern pin" per line. */
/** `pkg`: the package the source declares, which Main then imports it from. */
export function runJavaPins(work: string, source: string, name = 'FirstSeenPins', pkg = ''): SpawnSyncReturns<string> {
  const dir = mkdtempSync(join(work, 'java-'));
  cpSync(join(here, 'okhttp-stub'), dir, { recursive: true });
  writeFileSync(join(dir, `${name}.java`), source);
  writeFileSync(join(dir, 'Main.java'), `${pkg ? `import ${pkg}.${name};\n` : ''}public class Main { public static void main(String[] a) { for (String p : ${name}.certificatePinner().pins) System.out.println(p); } }\n`);
  execFileSync('javac', ['-d', join(dir, 'out'), join(dir, 'okhttp3', 'CertificatePinner.java'), join(dir, `${name}.java`), join(dir, 'Main.java')], { stdio: 'pipe' });
  return spawnSync('java', ['-cp', join(dir, 'out'), 'Main'], { encoding: 'utf8' });
}

/** xmllint against the schema written from Android's documentation. */
export function lintAndroidConfig(work: string, xml: string): SpawnSyncReturns<string> {
  const file = join(work, `nsc-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return spawnSync('xmllint', ['--noout', '--schema', join(here, 'network-security-config.xsd'), file], { encoding: 'utf8' });
}

export interface TrustKitPlist { TSKConfiguration: { TSKPinnedDomains: Record<string, Record<string, unknown>> } }

/** The plist as Python's plistlib reads it (throws if it cannot). */
export function readPlist(text: string): TrustKitPlist {
  const json = execFileSync('python3', ['-c', 'import plistlib,json,sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'], { input: text, encoding: 'utf8' });
  return JSON.parse(json) as TrustKitPlist;
}

/** Debian's libokhttp-java: the real OkHttp 3.13 and its okio, where installed (scripts/ensure-system-deps.sh installs them). */
export const REAL_OKHTTP_3 = ['/usr/share/java/okhttp.jar', '/usr/share/java/okio.jar'];

/**
 * Compiles the Java export against the real OkHttp 3.13 and asks its CertificatePinner.check for
 * each (host, certificate PEM file) pair: "pass" or "refused" per line, as OkHttp decides.
 */
export function checkWithRealOkHttp3(work: string, source: string, checks: [host: string, certFile: string][]): SpawnSyncReturns<string> {
  const dir = mkdtempSync(join(work, 'okhttp3-'));
  writeFileSync(join(dir, 'FirstSeenPins.java'), source);
  writeFileSync(join(dir, 'Main.java'), `import java.io.FileInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import javax.net.ssl.SSLPeerUnverifiedException;

public class Main {
  public static void main(String[] a) throws Exception {
    okhttp3.CertificatePinner pinner = FirstSeenPins.certificatePinner();
    CertificateFactory f = CertificateFactory.getInstance("X.509");
    for (int i = 0; i + 1 < a.length; i += 2) {
      Certificate c;
      try (FileInputStream in = new FileInputStream(a[i + 1])) { c = f.generateCertificate(in); }
      try {
        pinner.check(a[i], Collections.singletonList(c));
        System.out.println(a[i] + " pass");
      } catch (SSLPeerUnverifiedException e) {
        System.out.println(a[i] + " refused");
      }
    }
  }
}
`);
  const cp = REAL_OKHTTP_3.join(':');
  execFileSync('javac', ['-cp', cp, '-d', join(dir, 'out'), join(dir, 'FirstSeenPins.java'), join(dir, 'Main.java')], { stdio: 'pipe' });
  return spawnSync('java', ['-cp', `${join(dir, 'out')}:${cp}`, 'Main', ...checks.flat()], { encoding: 'utf8' });
}

