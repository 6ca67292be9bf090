// The pages' side of the protocol: typed requests to the background.
import browser from 'webextension-polyfill';
import type { Message, MessageType, Reply, Requests } from '../protocol.js';

export async function request<T extends MessageType>(message: Message<T>): Promise<Requests[T]['response']> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply) throw new Error('no answer from the background page');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
