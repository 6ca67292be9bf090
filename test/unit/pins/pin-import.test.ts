// Pin lists as people paste them, and every FirstSeen export read back: the same pins, patterns,
// ports and expiry. Anything that is not a pin list FirstSeen can read gets an error that says
// what it is and where.
import { describe, expect, it } from 'vitest';
import { PIN_FORMATS } from '../../../src/core/pin-export/export-types.js';
import { PIN_WRITERS } from '../../../src/core/pin-export/index.js';
import { planPins } from '../../../src/core/pin-export/plan.js';
import { looksLikePinList, parsePinList } from '../../../src/core/pin-import/index.js';
import { readImport } from '../../../src/core/history/read-import.js';
import { fixtureInput, LEAF, NOW, SPARE, underRealSuffix } from './pin-fixtures.js';

const A = 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=';
const B = 'fOt0FyJfSmq25EtPP+UreZ3njFWabUOruOf2sLdr4tI=';
const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));
const pinsOf = (text: string) => {
  const r = parsePinList(text, NOW);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.pins.map((p) => `${p.pattern} ${p.spkiSha256} ${day(p.expiresAt)}`).sort();
};
const errorsOf = (text: string) => {
  const r = parsePinList(text, NOW);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
};

describe('round trips', () => {
  it.each(PIN_FORMATS)('%s: what was written reads back as the same pins, patterns, ports and expiry', (format) => {
    // TrustKit's under a public suffix it knows (it refuses ".example").
    const plan = planPins(format === 'trustkit' ? underRealSuffix(fixtureInput()) : fixtureInput());
    const out = PIN_WRITERS[format](plan, { now: NOW });
    expect(out.written.length).toBeGreaterThan(0);
    expect(looksLikePinList(out.text)).toBe(true);
    const back = pinsOf(out.text);
    // Formats with one entry per name merge a host with its **. pattern: compare by what they wrote.
    const expected = plan.groups.filter((g) => out.written.includes(g.pattern)).flatMap((g) => g.pins.map((p) => {
      // Android and TrustKit carry one expiry per host, the earliest; HPKP carries max-age from now.
      const expiry = format === 'hpkp' ? (g.expiresAt === null ? NOW + 5_184_000_000 : Math.min(g.expiresAt, NOW + 5_184_000_000))
        : ['android', 'trustkit', 'okhttp-kotlin', 'okhttp-java', 'curl'].includes(format) ? g.expiresAt : p.expiresAt;
      return `${g.pattern} ${p.spkiSha256} ${day(expiry)}`;
    }));
    expect(back).toEqual(expected.sort());
  });
});

describe('OkHttp', () => {
  it('reads every form of .add: one pin, vararg, wrapped over lines, with comments', () => {
    expect(pinsOf(`CertificatePinner.Builder()\n  .add("a.example", "sha256/${A}")\n  .add("b.example", "sha256/${A}", "sha256/${B}")\n` +
      `  .add(\n    "**.c.example", // the domain\n    "sha256/${A}",\n    /* backup */ "sha256/${B}",\n  )\n  .build()`)).toEqual([
      `**.c.example ${A} null`, `**.c.example ${B} null`, `a.example ${A} null`, `b.example ${A} null`, `b.example ${B} null`,
    ].sort());
  });

  it('reads a project as written: commented-out calls are no pins, another builder\'s .add is not read', () => {
    const kotlin = [
      'val form = FormBody.Builder().add("user", "sha256/not-a-pin").build()',
      'val headers = Headers.Builder().add("Accept", "text/html").add(name, value).build()',
      'val url = "https://a.example/path" // a URL holds //, and is no comment',
      'val pinner = CertificatePinner.Builder()',
      `    // .add("old.example", "sha256/${B}")`,
      `    /* .add("older.example", "sha256/${B}") */`,
      `    .add("a.example", /* the current key */ "sha256/${A}")`,
      '    .build()',
      `val later = Headers.Builder().add("b.example", "sha256/${B}").build()`,
    ].join('\n');
    expect(pinsOf(kotlin)).toEqual([`a.example ${A} null`]);
    // A fragment with no builder named: an .add with no pin among its arguments is another builder's.
    expect(pinsOf(`.add("x", "y")\n.add("a.example", "sha256/${A}")`)).toEqual([`a.example ${A} null`]);
  });

  it('names a call it cannot read instead of dropping it', () => {
    expect(errorsOf(`new CertificatePinner.Builder()\n    .add("a.example", PINS)\n    .build();`)).toEqual([
      'line 2: .add( has an argument that is not a string literal; write the pattern and the pins as "..." strings',
    ]);
  });
});

describe('Android', () => {
  it('reads Android\'s own documented example, and counts its pins that expired in 2018', () => {
    const doc = `<?xml version="1.0" encoding="utf-8"?>
<network-security-config>
    <domain-config>
        <domain includeSubdomains="true">example.com</domain>
        <pin-set expiration="2018-01-01">
            <pin digest="SHA-256">7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=</pin>
            <!-- backup pin -->
            <pin digest="SHA-256">fwza0LRMXouZHRC8Ei+4PyuldPDcf3UKgO/04cDM1oE=</pin>
        </pin-set>
    </domain-config>
</network-security-config>`;
    const r = parsePinList(doc, NOW);
    expect(r).toMatchObject({ ok: true, expired: 2 });
    expect(pinsOf(doc)).toEqual(['**.example.com 7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y= 2018-01-01', '**.example.com fwza0LRMXouZHRC8Ei+4PyuldPDcf3UKgO/04cDM1oE= 2018-01-01']);
  });

  it('gives every <domain> of a config its pins, defaults includeSubdomains to false, and lets nested configs inherit', () => {
    expect(pinsOf(`<network-security-config><domain-config>
      <domain>api.example.com</domain><domain includeSubdomains="true">cdn.example.com</domain>
      <pin-set><pin digest="SHA-256">${A}</pin></pin-set>
      <domain-config><domain>inner.example.com</domain></domain-config>
    </domain-config></network-security-config>`)).toEqual([`**.cdn.example.com ${A} null`, `api.example.com ${A} null`, `inner.example.com ${A} null`]);
  });

  it('compares the digest name ignoring case, as AOSP does', () => {
    expect(pinsOf(`<network-security-config><domain-config><domain>a.example</domain><pin-set><pin digest="sha-256">${A}</pin></pin-set></domain-config></network-security-config>`))
      .toEqual([`a.example ${A} null`]);
  });

  it('refuses a nested config whose own pins Android would use instead of its parent\'s, where FirstSeen would add them up', () => {
    const nested = (inner: string) => `<network-security-config><domain-config>
      <domain includeSubdomains="true">bank.example</domain>
      <pin-set><pin digest="SHA-256">${A}</pin></pin-set>
      <domain-config><domain>api.bank.example</domain>${inner}</domain-config>
    </domain-config></network-security-config>`;
    // An empty pin-set unpins api.bank.example on Android; here **.bank.example would still pin it.
    expect(errorsOf(nested('<pin-set/>'))).toEqual([expect.stringMatching(/^domain-config\[1\]: an empty <pin-set> unpins api\.bank\.example on Android, but domain-config\[0\]'s \*\*\.bank\.example would still pin it here/)]);
    // Its own pins replace the parent's on Android; here A would still be accepted for it.
    expect(errorsOf(nested(`<pin-set><pin digest="SHA-256">${B}</pin></pin-set>`))).toEqual([expect.stringMatching(/^domain-config\[1\]: api\.bank\.example's own <pin-set> replaces domain-config\[0\]'s on Android/)]);
    // The same pins again, or a nested domain the parent's pattern does not cover: imported as written.
    expect(pinsOf(nested(`<pin-set><pin digest="SHA-256">${A}</pin></pin-set>`))).toEqual([`**.bank.example ${A} null`, `api.bank.example ${A} null`]);
    expect(pinsOf(`<network-security-config><domain-config><domain>bank.example</domain><pin-set><pin digest="SHA-256">${A}</pin></pin-set>
      <domain-config><domain>api.bank.example</domain><pin-set><pin digest="SHA-256">${B}</pin></pin-set></domain-config>
    </domain-config></network-security-config>`)).toEqual([`api.bank.example ${B} null`, `bank.example ${A} null`]);
  });

  it('refuses another digest and malformed XML, saying where', () => {
    expect(errorsOf(`<network-security-config><domain-config><domain>a.example</domain><pin-set><pin digest="SHA-1">${A}</pin></pin-set></domain-config></network-security-config>`))
      .toEqual(['domain-config[0].pin[0]: digest="SHA-1": Android pins are SHA-256']);
    expect(errorsOf('<network-security-config><domain-config>')[0]).toMatch(/^file: not well-formed XML/);
  });
});

describe('HPKP, curl, TrustKit, and what is not a pin', () => {
  it('reads HPKP header lines, enforcing and report-only, with the host from the line above', () => {
    expect(pinsOf(`# host: bank.example\nPublic-Key-Pins: pin-sha256="${A}"; pin-sha256="${B}"; max-age=86400; includeSubDomains\n` +
      `Host: shop.example\npublic-key-pins-report-only: max-age=3600; pin-sha256="${A}"; pin-sha256="${B}"; report-uri="https://r.example/"`)).toEqual([
      `**.bank.example ${A} ${day(NOW + 86_400_000)}`, `**.bank.example ${B} ${day(NOW + 86_400_000)}`,
      `shop.example ${A} ${day(NOW + 3_600_000)}`, `shop.example ${B} ${day(NOW + 3_600_000)}`,
    ].sort());
  });

  it('says a header without its host, or without max-age, cannot be read', () => {
    expect(errorsOf(`Public-Key-Pins: pin-sha256="${A}"; max-age=60`)).toEqual(['line 1: an Public-Key-Pins header does not name its host; put "# host: example.com" on the line above it']);
    expect(errorsOf(`# host: a.example\nPublic-Key-Pins: pin-sha256="${A}"`)).toEqual(['line 2: an HPKP header needs max-age (RFC 7469 §2.1.2)']);
  });

  it('reads the header from nginx and Apache configurations, for each name the server block or virtual host gives', () => {
    const nginx = `http {\n  server {\n    listen 443 ssl;\n    server_name bank.example www.bank.example;\n    ssl_certificate /etc/ssl/bank.pem;\n` +
      `    add_header Public-Key-Pins 'pin-sha256="${A}"; pin-sha256="${B}"; max-age=86400' always;\n  }\n}\n`;
    expect(pinsOf(nginx)).toEqual([`bank.example ${A}`, `bank.example ${B}`, `www.bank.example ${A}`, `www.bank.example ${B}`].map((x) => `${x} ${day(NOW + 86_400_000)}`).sort());
    const apache = `<VirtualHost *:443>\n  ServerName shop.example\n  SSLEngine on\n` +
      `  Header always set Public-Key-Pins "pin-sha256=\\"${A}\\"; pin-sha256=\\"${B}\\"; max-age=3600; includeSubDomains"\n</VirtualHost>\n`;
    expect(pinsOf(apache)).toEqual([`**.shop.example ${A}`, `**.shop.example ${B}`].map((x) => `${x} ${day(NOW + 3_600_000)}`).sort());
    // Before any server_name: no host, said so.
    expect(errorsOf(`add_header Public-Key-Pins 'pin-sha256="${A}"; max-age=60';`)).toEqual(['line 1: an Public-Key-Pins header does not name its host; put "# host: example.com" on the line above it']);
  });

  it('reads a curl command over several lines, and libcurl\'s CURLOPT_PINNEDPUBLICKEY under its CURLOPT_URL', () => {
    expect(pinsOf(`curl --pinnedpubkey \\\n  "sha256//${A};sha256//${B}" \\\n  https://pay.example:8443/path`)).toEqual([`pay.example:8443 ${A} null`, `pay.example:8443 ${B} null`].sort());
    const c = `#include <curl/curl.h>\n\nint main(void) {\n  CURL *curl = curl_easy_init();\n  curl_easy_setopt(curl, CURLOPT_URL, "https://api.example/v1");\n` +
      `  curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, "sha256//${A};sha256//${B}");\n  CURLcode res = curl_easy_perform(curl);\n  curl_easy_cleanup(curl);\n  return (int)res;\n}\n`;
    expect(pinsOf(c)).toEqual([`api.example ${A} null`, `api.example ${B} null`].sort());
  });

  it('reads curl pin strings with the host from the URL, port included', () => {
    expect(pinsOf(`curl --pinnedpubkey "sha256//${A};sha256//${B}" https://pay.example:8443/path`)).toEqual([`pay.example:8443 ${A} null`, `pay.example:8443 ${B} null`].sort());
    expect(errorsOf(`sha256//${A}`)).toEqual(['line 1: a curl pin string names no host; put the https:// URL after it, as in a curl command']);
  });

  it('reads TrustKit\'s TSKPinnedDomains from an app\'s Info.plist', () => {
    const plist = `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
      <key>CFBundleName</key><string>App</string>
      <key>TSKConfiguration</key><dict><key>TSKPinnedDomains</key><dict>
        <key>api.example.com</key><dict>
          <key>TSKIncludeSubdomains</key><true/>
          <key>TSKPublicKeyHashes</key><array><string>${A}</string><string>${B}</string></array>
          <key>TSKExpirationDate</key><string>2027-03-01</string>
        </dict></dict></dict></dict></plist>`;
    expect(pinsOf(plist)).toEqual([`**.api.example.com ${A} 2027-03-01`, `**.api.example.com ${B} 2027-03-01`].sort());
  });

  it('names an SSH known_hosts file for what it is', () => {
    const known = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n' +
      '|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY=';
    expect(looksLikePinList(known)).toBe(true);
    expect(errorsOf(known)).toEqual(['line 1: an SSH host key (known_hosts), not a TLS pin', 'line 2: an SSH host key (known_hosts), not a TLS pin']);
  });

  it('still reads FirstSeen\'s first pin list, "host sha256/…" per line, so nothing exported before is lost', () => {
    expect(pinsOf(`example.com sha256/${A}\n[site.test]:8443 sha256/${B}\n`)).toEqual([`example.com ${A} null`, `site.test:8443 ${B} null`]);
  });

  it('goes through the import as a policy of pins, with no hosts', () => {
    expect(readImport(`curl --pinnedpubkey 'sha256//${LEAF};sha256//${SPARE}' 'https://a.example/'`, NOW, 10)).toMatchObject({
      ok: true, hosts: 0, policy: { pins: [{ pattern: 'a.example', spkiSha256: LEAF }, { pattern: 'a.example', spkiSha256: SPARE }] },
    });
  });
});
