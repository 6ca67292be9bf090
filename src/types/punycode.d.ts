// punycode.js ships no types; its ES module build is imported directly (a bare "punycode" would be
// Node's deprecated built-in, not the package).
declare module 'punycode/punycode.es6.js' {
  export function toUnicode(domain: string): string;
  export function toASCII(domain: string): string;
}
