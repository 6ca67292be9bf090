// The only place that touches webRequest.getSecurityInfo.
// It works only while a blocking onHeadersReceived listener holds the request, so the listener
// holds a request it reads until the reads have answered, and never longer: judging happens
// afterwards. Two reads: the leaf alone (what a known certificate needs), and the whole chain with
// each certificate's DER (what a certificate not seen before needs), asked only after the first.
import browser, { type WebRequest } from 'webextension-polyfill';
import { logOnce } from './log.js';
import { OBSERVED_ORIGINS } from '../core/observed-origins.js';

export interface ResponseFacts {
  requestId: string;
  url: string;
  type: string;
  tabId: number;
  fromCache: boolean;
  incognito: boolean;
  /** Firefox's time of the event (ms since the epoch), on the same clock as webNavigation's. */
  timeStamp?: number;
}

/** The response's SecurityInfo; each read resolves to undefined when Firefox gives none. */
export interface SecurityInfoReader {
  /** The leaf alone, with the connection's facts: about half the cost of the chain. */
  leaf(): Promise<unknown>;
  /** The chain Firefox built, each certificate with its DER (rawDER). Only while still held. */
  chain(): Promise<unknown>;
}

/**
 * Called once per response, synchronously. Returning nothing lets the response go at once, unread.
 * To check it, the handler reads through `reader` and returns a promise of whether to stop the
 * response (strict mode, pins); the request is held until that settles.
 */
export type ResponseHandler = (facts: ResponseFacts, reader: SecurityInfoReader) => Promise<boolean> | undefined;

export const OBSERVED_URLS = OBSERVED_ORIGINS;

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
        timeStamp: details.timeStamp,
      };
      const read = (options: { certificateChain: boolean; rawDER: boolean }) => () =>
        browser.webRequest.getSecurityInfo(details.requestId, options).catch((error: unknown) => {
          logOnce(`getSecurityInfo failed: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
      const reader = { leaf: read({ certificateChain: false, rawDER: false }), chain: read({ certificateChain: true, rawDER: true }) };
      let held: Promise<boolean> | undefined;
      try {
        held = handle(facts, reader);
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
