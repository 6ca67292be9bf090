// OkHttp's CertificatePinner, as Kotlin and as Java. Patterns follow OkHttp's own rules
// (CertificatePinner.Pin): a host, *.domain or **.domain, canonical ASCII, and no port; the
// Builder throws "Invalid pattern" for anything else, so a port is refused here, never written.
// OkHttp has no pin expiry: the date goes in a comment above the host's pins.
import { describePins, headerLines, packageError, type Caveat, type PinWriter, type Refusal } from './export-types.js';

/**
 * A string literal of the language: JSON's escapes (quotes, backslashes, control characters as \n
 * or \u00XX, never a raw line break), every non-ASCII character as \uXXXX (both read it back), and
 * in Kotlin `$` escaped, which would start a template (Java has no \$ escape, and needs none).
 * Patterns are host names already (host-pattern.ts); this holds if one ever is not.
 */
function literal(text: string, language: 'kotlin' | 'java'): string {
  const ascii = JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return language === 'kotlin' ? ascii.replace(/\$/g, '\\$') : ascii;
}

function okhttp(language: 'kotlin' | 'java'): PinWriter {
  return (plan, { now, packageName, okhttpBefore43 = false }) => {
    // Checked again here: a name that is not a package must never become code in the file.
    const pkg = packageName && packageError(packageName) === null ? packageName : null;
    const refused: Refusal[] = [];
    const caveats: Caveat[] = [];
    const written: string[] = [];
    const body: string[] = [];
    for (const g of plan.groups) {
      if (g.port !== null) {
        refused.push({ pattern: g.pattern, reason: 'port' });
        continue;
      }
      if (g.expiresAt !== null) caveats.push({ pattern: g.pattern, kind: 'expiry-not-expressible' });
      // OkHttp accepts "**." in every version, but matches it only from 4.3.0 on: before, such a
      // pattern pins no host at all. Said in the file, and in the review; for OkHttp 3.x it is
      // written as the domain and its one-label wildcard, which 3.x does match.
      const legacy = g.scope === 'any-depth' && okhttpBefore43;
      if (g.scope === 'any-depth') caveats.push({ pattern: g.pattern, kind: legacy ? 'okhttp-3-two-levels' : 'needs-okhttp-4-3' });
      written.push(g.pattern);
      body.push(`    // ${describePins(g)}${g.expiresAt !== null ? ' (OkHttp has no expiry: remove these pins by then)' : ''}`);
      if (legacy) body.push(`    // For OkHttp before 4.3: "${g.name}" and "*.${g.name}"; hosts two or more labels below ${g.name} are not pinned.`);
      for (const pattern of legacy ? [g.name, `*.${g.name}`] : [g.pattern]) {
        const args = [literal(pattern, language), ...g.pins.map((p) => literal(`sha256/${p.spkiSha256}`, language))];
        body.push(`    .add(${args.join(', ')})`);
      }
    }
    const head = headerLines(`for OkHttp's CertificatePinner (${language === 'kotlin' ? 'Kotlin' : 'Java'})`, plan, refused, now).map((l) => `// ${l}`);
    if (okhttpBefore43) head.push('// Written for OkHttp 3.x (before 4.3.0): each "**." pattern as the domain and "*." (one label).');
    else if (caveats.some((c) => c.kind === 'needs-okhttp-4-3')) {
      head.push('// Needs OkHttp 4.3.0 or later: older versions accept a "**." pattern but pin nothing with it (list the hosts instead).');
    }
    // Whole source files, not fragments: the Java one compiles as it is (the tests run javac on it).
    const declaration = pkg === null ? [] : [language === 'kotlin' ? `package ${pkg}` : `package ${pkg};`, ''];
    const text = language === 'kotlin'
      ? [...head, ...declaration, 'import okhttp3.CertificatePinner', '', 'val firstSeenCertificatePinner: CertificatePinner = CertificatePinner.Builder()', ...body, '    .build()', ''].join('\n')
      : [...head, ...declaration, 'import okhttp3.CertificatePinner;', '', 'public final class FirstSeenPins {', '  private FirstSeenPins() {}', '',
        '  public static CertificatePinner certificatePinner() {', '    return new CertificatePinner.Builder()',
        ...body.map((l) => `    ${l}`), '        .build();', '  }', '}', ''].join('\n');
    return {
      format: language === 'kotlin' ? 'okhttp-kotlin' : 'okhttp-java', text, written, refused, caveats,
      fileName: language === 'kotlin' ? 'firstseen-pins.kt' : 'FirstSeenPins.java', mime: 'text/plain',
    };
  };
}

export const okHttpKotlin = okhttp('kotlin');
export const okHttpJava = okhttp('java');
