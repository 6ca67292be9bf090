// A stand-in for OkHttp's okhttp3.CertificatePinner with the same Builder signature, for compiling
// FirstSeen's Java export with javac and running it. Its checks are OkHttp's own, from
// CertificatePinner.kt (square/okhttp, okhttp/src/commonJvmAndroid/kotlin/okhttp3/), class Pin's
// init block:
//   - the pattern is "*." or "**." followed by no other "*", or has no "*" at all
//     ("Unexpected pattern");
//   - pattern.toCanonicalHost() is not null ("Invalid pattern"): IDN.toASCII, lower case, and none
//     of the characters OkHttp's containsInvalidHostnameAsciiCodes rejects (controls, space,
//     # % / : ? @ [ \ ]), so "host:8443" is invalid;
//   - the pin starts with "sha256/" or "sha1/" and its base64 decodes ("Invalid pin hash").
// One check is stricter than OkHttp's: a sha256 pin must decode to 32 bytes.
package okhttp3;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

public final class CertificatePinner {
  public final List<String> pins;

  private CertificatePinner(List<String> pins) {
    this.pins = Collections.unmodifiableList(pins);
  }

  static String canonicalHost(String host) {
    String ascii;
    try {
      ascii = IDN.toASCII(host).toLowerCase(Locale.US);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (ascii.isEmpty()) return null;
    for (char c : ascii.toCharArray()) {
      if (c <= 0x1f || c >= 0x7f || " #%/:?@[\\]".indexOf(c) != -1) return null;
    }
    return ascii;
  }

  public static final class Builder {
    private final List<String> pins = new ArrayList<>();

    public Builder add(String pattern, String... pins) {
      boolean wildcardOk = (pattern.startsWith("*.") && pattern.indexOf("*", 1) == -1)
          || (pattern.startsWith("**.") && pattern.indexOf("*", 2) == -1)
          || pattern.indexOf("*") == -1;
      if (!wildcardOk) throw new IllegalArgumentException("Unexpected pattern: " + pattern);
      String canonical = canonicalHost(pattern);
      if (canonical == null) throw new IllegalArgumentException("Invalid pattern: " + pattern);
      for (String pin : pins) {
        String b64;
        if (pin.startsWith("sha256/")) b64 = pin.substring(7);
        else if (pin.startsWith("sha1/")) b64 = pin.substring(5);
        else throw new IllegalArgumentException("pins must start with 'sha256/' or 'sha1/': " + pin);
        byte[] hash;
        try {
          hash = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Invalid pin hash: " + pin);
        }
        if (pin.startsWith("sha256/") && hash.length != 32) throw new IllegalArgumentException("Invalid pin hash: " + pin);
        this.pins.add(canonical + " " + pin);
      }
      return this;
    }

    public CertificatePinner build() {
      return new CertificatePinner(pins);
    }
  }
}
