// Pin lists as real projects hold them, beyond the plain forms: a SHA-1 pin among SHA-256 ones,
// pins a source only reports (HPKP Report-Only, TrustKit TSKEnforcePinning false), TrustKit's
// exclusion of a subdomain, and a TrustKit configuration written in Swift or Objective-C in the
// forms its README shows (datatheorem/TrustKit@037f98777f26757467ea73245f4bb9474cd7d2a9, README.md
// "Sample Usage": report URIs holding "//", trailing commas, `],]]] as [String : Any]`).
import { describe, expect, it } from 'vitest';
import { blockReason } from '../../../src/core/enforcement.js';
import { readImport } from '../../../src/core/history/read-import.js';
import { parsePinList } from '../../../src/core/pin-import/index.js';
import { EMPTY_POLICY, enforcementFor, isEnforced } from '../../../src/core/policy.js';
import { NOW } from './pin-fixtures.js';

const A = 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=';
const B = 'fOt0FyJfSmq25EtPP+UreZ3njFWabUOruOf2sLdr4tI=';
const SHA1 = 'sha1/BOGUSmkt4C3yJ2L3mLKMsfHgH5E=';
const read = (text: string) => {
  const r = parsePinList(text, NOW);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r;
};
const pins = (text: string) => read(text).pins.map((p) => `${p.pattern} ${p.spkiSha256}${p.reportOnly ? ' report-only' : ''}`).sort();

describe('a SHA-1 pin among SHA-256 pins', () => {
  it('is named and skipped, not fatal for the file (OkHttp, HPKP)', () => {
    const okhttp = `val pinner = CertificatePinner.Builder()\n  .add("api.example.com", "sha256/${A}", "${SHA1}")\n  .add("cdn.example.com", "sha256/${B}")\n  .build()`;
    const r = read(okhttp);
    expect(r.pins.map((p) => p.pattern)).toEqual(['api.example.com', 'cdn.example.com']);
    expect(r.notes).toEqual(['line 2: a SHA-1 pin was skipped: FirstSeen pins SHA-256 only']);
    const hpkp = read(`# host: a.example\nPublic-Key-Pins: pin-sha1="BOGUSmkt4C3yJ2L3mLKMsfHgH5E="; pin-sha256="${A}"; pin-sha256="${B}"; max-age=60`);
    expect(hpkp.pins).toHaveLength(2);
    expect(hpkp.notes).toEqual(['line 2: a SHA-1 pin was skipped: FirstSeen pins SHA-256 only']);
  });

  it('of a file with nothing else is said with the refusal', () => {
    const r = parsePinList(`CertificatePinner.Builder().add("a.example", "${SHA1}").build()`, NOW);
    expect(r).toEqual({ ok: false, errors: ['file: no pins found', 'line 1: a SHA-1 pin was skipped: FirstSeen pins SHA-256 only'] });
  });

  it('reaches the import preview as a note', () => {
    expect(readImport(`CertificatePinner.Builder().add("a.example", "sha256/${A}", "${SHA1}").build()`, NOW, 10)).toMatchObject({
      ok: true, notes: ['line 1: a SHA-1 pin was skipped: FirstSeen pins SHA-256 only'],
    });
  });
});

describe('pins a source only reports', () => {
  it('come from HPKP Report-Only as report-only pins, shown and never enforced', () => {
    const text = `# host: a.example\nPublic-Key-Pins-Report-Only: pin-sha256="${A}"; pin-sha256="${B}"; max-age=600\n# host: b.example\nPublic-Key-Pins: pin-sha256="${A}"; pin-sha256="${B}"; max-age=600`;
    expect(pins(text)).toEqual([`a.example ${A} report-only`, `a.example ${B} report-only`, `b.example ${A}`, `b.example ${B}`].sort());
    const policy = { ...EMPTY_POLICY, pins: read(text).pins };
    expect(isEnforced(policy, 'a.example', NOW)).toBe(false);
    expect(isEnforced(policy, 'b.example', NOW)).toBe(true);
    const onA = enforcementFor(policy, 'a.example', NOW);
    expect(onA).toMatchObject({ strict: false, activePins: [] });
    expect(onA.reportOnlyPins).toHaveLength(2);
    expect(blockReason(onA, { kind: 'key-change', severity: 'warning', host: 'a.example', at: NOW, reasons: [] }, ['other'])).toBeNull();
  });

  it('come from TrustKit with TSKEnforcePinning false as report-only pins', () => {
    const plist = `<plist version="1.0"><dict><key>TSKPinnedDomains</key><dict>
      <key>a.example.com</key><dict><key>TSKEnforcePinning</key><false/><key>TSKPublicKeyHashes</key><array><string>${A}</string><string>${B}</string></array></dict>
      <key>b.example.com</key><dict><key>TSKPublicKeyHashes</key><array><string>${A}</string><string>${B}</string></array></dict>
    </dict></dict></plist>`;
    expect(pins(plist)).toEqual([`a.example.com ${A} report-only`, `a.example.com ${B} report-only`, `b.example.com ${A}`, `b.example.com ${B}`].sort());
  });
});

describe('TrustKit configurations as apps hold them', () => {
  it('refuses TSKExcludeSubdomainFromParentPolicy with the reason: FirstSeen would pin more than TrustKit', () => {
    const plist = `<plist version="1.0"><dict><key>TSKPinnedDomains</key><dict>
      <key>example.com</key><dict><key>TSKIncludeSubdomains</key><true/><key>TSKPublicKeyHashes</key><array><string>${A}</string><string>${B}</string></array></dict>
      <key>legacy.example.com</key><dict><key>TSKExcludeSubdomainFromParentPolicy</key><true/></dict>
    </dict></dict></plist>`;
    const r = parsePinList(plist, NOW);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([expect.stringMatching(/^TSKPinnedDomains\.legacy\.example\.com: TSKExcludeSubdomainFromParentPolicy leaves legacy\.example\.com unpinned/)]);
  });

  it('reads the Swift configuration of TrustKit\'s README', () => {
    const swift = `import TrustKit

let trustKitConfig = [
    kTSKSwizzleNetworkDelegates: false,
    kTSKPinnedDomains: [
        "yahoo.com": [
            kTSKExpirationDate: "2027-12-01",
            kTSKPublicKeyHashes: [
                "${A}", // the leaf's key
                "${B}"
            ],
            kTSKEnforcePinning: false,
        ],
        "www.datatheorem.com": [
            kTSKIncludeSubdomains: true,
            kTSKPublicKeyHashes: ["${A}", "${B}",],],]] as [String : Any]

TrustKit.initSharedInstance(withConfiguration: trustKitConfig)`;
    expect(pins(swift)).toEqual([`**.www.datatheorem.com ${A}`, `**.www.datatheorem.com ${B}`, `yahoo.com ${A} report-only`, `yahoo.com ${B} report-only`].sort());
    expect(read(swift).pins.find((p) => p.pattern === 'yahoo.com')?.expiresAt).toBe(Date.parse('2027-12-01T00:00:00Z'));
  });

  it('reads the Objective-C configuration of TrustKit\'s README', () => {
    const objc = `NSDictionary *trustKitConfig =
  @{
    kTSKSwizzleNetworkDelegates: @NO,
    kTSKPinnedDomains : @{
            @"www.datatheorem.com" : @{
                    kTSKExpirationDate: @"2027-12-01",
                    kTSKPublicKeyHashes : @[
                            @"${A}",
                            @"${B}"
                            ],
                    kTSKEnforcePinning : @NO,
                    kTSKReportUris : @[@"https://report.example.com/log_report"],
                    },
            /* @"old.example.com" : @{ kTSKPublicKeyHashes : @[ @"${A}" ] }, */
            @"yahoo.com" : @{
                    kTSKPublicKeyHashes : @[ @"${A}", @"${B}" ],
                    kTSKIncludeSubdomains : @YES
                    }
            }};
[TrustKit initSharedInstanceWithConfiguration:trustKitConfig];`;
    expect(pins(objc)).toEqual([`**.yahoo.com ${A}`, `**.yahoo.com ${B}`, `www.datatheorem.com ${A} report-only`, `www.datatheorem.com ${B} report-only`].sort());
  });

  it('says what it cannot read in code, never "not well-formed XML"; a hostile nesting gets a sentence', () => {
    const dynamic = `let config = [kTSKPinnedDomains: [host: [kTSKPublicKeyHashes: hashes]]]`;
    const r = parsePinList(dynamic, NOW);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join(' ')).not.toMatch(/XML/);
    const deep = `let c = [kTSKPinnedDomains: ${'['.repeat(100_000)}]`;
    const started = performance.now();
    const d = parsePinList(deep, NOW);
    expect(!d.ok && d.errors[0]).toMatch(/nested too deeply/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
