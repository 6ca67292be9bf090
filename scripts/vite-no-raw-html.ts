// Preact supports dangerouslySetInnerHTML by assigning innerHTML. FirstSeen never renders markup
// (certificate fields are hostile input), so the build replaces that one assignment with a throw:
// the built add-on then holds no innerHTML sink at all, and web-ext lint can confirm it.
import type { Plugin } from 'vite';

const SINK = /\((\w+)\.innerHTML=(\w+)\.__html\)/g;
const REFUSE = '(()=>{throw new TypeError("FirstSeen renders no raw HTML")})()';

export function noRawHtml(): Plugin {
  let replaced = 0;
  return {
    name: 'firstseen-no-raw-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/node_modules\/preact\/dist\/preact\.module\.js$/.test(id)) return null;
      const out = code.replace(SINK, () => {
        replaced += 1;
        return REFUSE;
      });
      return { code: out, map: null };
    },
    buildEnd() {
      // If a Preact upgrade changes the code, fail loudly instead of shipping the sink.
      if (replaced === 0) this.error('preact\'s dangerouslySetInnerHTML sink was not found: update scripts/vite-no-raw-html.ts');
    },
  };
}
