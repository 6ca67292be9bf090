// The only place that touches webRequest.getSecurityInfo.
// It works only while a blocking onHeadersReceived listener holds the request, so the listener
// holds each request until the call has answered, and never longer: judging happens afterwards.
import browser, { type WebRequest } from 'webextension-polyfill';
import { logOnce } from './log.js';

export interface ResponseFacts {
  requestId: string;
  url: string;
  type: string;
  tabId: number;
  fromCache: boolean;
  incognito: boolean;
}

/**
 * Called once per response, synchronously. Returning nothing lets the response go at once, unread.
 * To check it, the handler calls readInfo() (the SecurityInfo with the chain) and returns a promise
 * of whether to stop the response (strict mode, pins); the request is held until that settles.
 */
export type ResponseHandler = (facts: ResponseFacts, readInfo: () => Promise<unknown>) => Promise<boolean> | undefined;

export const OBSERVED_URLS = ['https://*/*', 'wss://*/*'];

export function observeTlsResponses(handle: ResponseHandler): void {
  browser.webRequest.onHeadersReceived.addListener(
    // Not an async function: a response that needs no check is answered synchronously, which is
    // as cheap as a blocking listener gets.
    (details: WebRequest.OnHeadersReceivedDetailsType) => {
      const facts: ResponseFacts = {
        requestId: details.requestId,
        url: details.url,
        type: details.type,
        tabId: details.tabId,
        // Firefox sends fromCache here, though the typings only list it on later events.
        fromCache: (details as { fromCache?: boolean }).fromCache === true,
        incognito: details.incognito ?? false,
      };
      const readInfo = () => browser.webRequest.getSecurityInfo(details.requestId, { certificateChain: true, rawDER: false })
        .catch((error: unknown) => {
          logOnce(`getSecurityInfo failed: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
      let held: Promise<boolean> | undefined;
      try {
        held = handle(facts, readInfo);
      } catch (error) {
        logOnce('response handler threw', error);
      }
      if (!held) return undefined;
      return held.then(
        (stop) => (stop ? { cancel: true } : {}),
        (error: unknown) => {
          logOnce('deciding whether to block failed', error);
          return {};
        },
      );
    },
    { urls: OBSERVED_URLS },
    ['blocking'],
  );
}

/**
 * The DER of every certificate of the chain, standard base64, leaf first; null if unavailable.
 * Only valid while the request is still held, so the response handler asks for it before it settles.
 */
export async function fetchChainDer(requestId: string): Promise<string[] | null> {
  try {
    const info = await browser.webRequest.getSecurityInfo(requestId, { certificateChain: true, rawDER: true });
    const chain = info.certificates.map((c) => (Array.isArray(c.rawDER) ? derToBase64(c.rawDER) : null));
    return chain.every((c): c is string => c !== null) && chain.length > 0 ? chain : null;
  } catch (error) {
    logOnce(`getSecurityInfo(rawDER) failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function derToBase64(bytes: number[]): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b & 0xff);
  return btoa(binary);
}
