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

/** Called once per response: synchronously, with the security info still on its way. */
export type ResponseHandler = (facts: ResponseFacts, securityInfo: Promise<unknown>) => void;

export const OBSERVED_URLS = ['https://*/*', 'wss://*/*'];

export function observeTlsResponses(handle: ResponseHandler): void {
  browser.webRequest.onHeadersReceived.addListener(
    async (details: WebRequest.OnHeadersReceivedDetailsType) => {
      const facts: ResponseFacts = {
        requestId: details.requestId,
        url: details.url,
        type: details.type,
        tabId: details.tabId,
        // Firefox sends fromCache here, though the typings only list it on later events.
        fromCache: (details as { fromCache?: boolean }).fromCache === true,
        incognito: details.incognito ?? false,
      };
      // A cached response carries an old connection's info: not worth asking for.
      const info: Promise<unknown> = facts.fromCache
        ? Promise.resolve(undefined)
        : browser.webRequest.getSecurityInfo(details.requestId, { certificateChain: true, rawDER: false });
      try {
        handle(facts, info);
      } catch (error) {
        logOnce('response handler threw', error);
      }
      try {
        await info;
      } catch (error) {
        logOnce(`getSecurityInfo failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Never block or alter the response: FirstSeen only watches here.
      return {};
    },
    { urls: OBSERVED_URLS },
    ['blocking'],
  );
}
