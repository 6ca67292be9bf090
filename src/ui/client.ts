// The pages' side of the protocol: typed requests to the background.
import browser from 'webextension-polyfill';
import type { Message, MessageType, Reply, Requests } from '../protocol.js';

export async function request<T extends MessageType>(message: Message<T>): Promise<Requests[T]['response']> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply) throw new Error('no answer from the background page');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/**
 * Keeps the event page awake while `work` runs. Firefox suspends an idle event page after 30 s
 * even while it is still answering a message; an import of 100,000 hosts takes longer, and was
 * cut off mid-transaction (all or nothing held, but nothing was imported). Each message is an
 * event that resets the idle timer, so the page sends one every 5 s until the work is done.
 */
export async function keepingBackgroundAwake<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    request({ type: 'ping' }).catch(() => undefined);
  }, 5_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
