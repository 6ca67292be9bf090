// FirstSeen pins for OkHttp's CertificatePinner (Java), exported 2026-11-27.
// Each pin is the base64 SHA-256 of a certificate's SubjectPublicKeyInfo.
// Left out pay.example.test:8443: this client cannot restrict a pin to one port; pin the host without a port to cover every port.
// Left out old.example sha256/OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO=: expired 2026-11-22.
// Needs OkHttp 4.3.0 or later: older versions accept a "**." pattern but pin nothing with it (list the hosts instead).
import okhttp3.CertificatePinner;

public final class FirstSeenPins {
  private FirstSeenPins() {}

  public static CertificatePinner certificatePinner() {
    return new CertificatePinner.Builder()
        // *.news.example: leaf key, key outside the served chain
        .add("*.news.example", "sha256/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=", "sha256/SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS=")
        // **.bank.example: intermediate: R11, key outside the served chain; expires 2027-06-15 (OkHttp has no expiry: remove these pins by then)
        .add("**.bank.example", "sha256/IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII=", "sha256/SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS=")
        // shop.example: leaf key, earlier leaf key
        .add("shop.example", "sha256/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=", "sha256/MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM=")
        // single.example: leaf key
        .add("single.example", "sha256/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=")
        // xn--bcher-kva.example: leaf key, earlier leaf key
        .add("xn--bcher-kva.example", "sha256/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=", "sha256/MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM=")
        .build();
  }
}
