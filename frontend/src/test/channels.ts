import type { ChannelLike } from "../features/auth/model/types";

/** Channels that deliver to each other, as BroadcastChannel does between tabs. */
export function channelHub() {
  const channels = new Set<{ listeners: ((e: MessageEvent) => void)[] }>();
  return (): ChannelLike => {
    const self = { listeners: [] as ((e: MessageEvent) => void)[] };
    channels.add(self);
    return {
      postMessage(message) {
        for (const other of channels) {
          if (other === self) continue;
          const data = structuredClone(message);
          queueMicrotask(() => other.listeners.forEach((l) => l({ data } as MessageEvent)));
        }
      },
      addEventListener: (_type, listener) => void self.listeners.push(listener),
      close: () => void channels.delete(self),
    };
  };
}
