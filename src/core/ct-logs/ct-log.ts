// One Certificate Transparency log, as FirstSeen believes it: the key its SCTs must verify under,
// and the dates an SCT from it counts as evidence of a certificate's age (README.md beside this).
// Types only: importing this loads nothing, so the event page can name it without the list.

export interface CtLog {
  name: string;
  /** base64 SHA-256 of `key`: the LogID its SCTs carry (RFC 6962 §3.2). */
  id: string;
  /** base64 DER SubjectPublicKeyInfo: ECDSA P-256, or RSA, with SHA-256 (RFC 6962 §2.1.4). */
  key: string;
  /** ISO time: an SCT stamped earlier is no evidence (the log was not trusted yet). */
  from?: string;
  /** ISO time, exclusive: an SCT stamped then or later is no evidence (read-only, retired, or past its shard). */
  until?: string;
}
