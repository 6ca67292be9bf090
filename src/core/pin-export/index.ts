// Every pin format FirstSeen writes, by name.
import { androidConfig } from './android.js';
import { curlPins } from './curl.js';
import type { PinFormat, PinWriter } from './export-types.js';
import { hpkpWriter } from './hpkp.js';
import { okHttpJava, okHttpKotlin } from './okhttp.js';
import { trustKitPlist } from './trustkit.js';

export const PIN_WRITERS: Record<PinFormat, PinWriter> = {
  'okhttp-kotlin': okHttpKotlin,
  'okhttp-java': okHttpJava,
  'android': androidConfig,
  'curl': curlPins,
  'trustkit': trustKitPlist,
  'hpkp': hpkpWriter(),
};
