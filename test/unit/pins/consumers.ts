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
