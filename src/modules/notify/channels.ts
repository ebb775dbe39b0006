import { fetch as undiciFetch } from "undici";
import { createHash } from "node:crypto";
import type { ChannelName, NotificationMessage, RecipientRef } from "./model.js";
import { signWebhook } from "./signature.js";
import { PrivateTargetError, privateLiteralOf, publicOnlyAgent } from "./targets.js";

/** One delivery as a channel sees it. */
export interface Delivery {
  /** dlv_<id>: the same on every retry, so a receiver can drop a duplicate */
  key: string;
  topic: string;
  channel: ChannelName;
  recipient: RecipientRef;
  message: NotificationMessage;
  /** 1 for the first attempt */
  attempt: number;
}

/** The address behind a recipient id, looked up just before sending and never stored with the delivery. */
export type ResolvedRecipient =
  | { kind: "person"; name: string; phone: string | null; email: string | null }
  | { kind: "webhook"; url: string; secret: string };

/** A failure says whether trying again later can help (a provider down) or not (a bad address). */
export type SendResult = { ok: true; providerRef: string } | { ok: false; error: string; retryable: boolean };

/** A way to reach people or systems. Every provider, simulated or real, implements this. */
export interface Channel {
  readonly name: ChannelName;
  send(delivery: Delivery, to: ResolvedRecipient): Promise<SendResult>;
}

export type Channels = Partial<Record<ChannelName, Channel>>;

export const channelsOf = (...list: Channel[]): Channels => Object.fromEntries(list.map((c) => [c.name, c]));

/** What a simulated provider "sent": the address is here, in memory, as a real provider would get it. */
export interface SentMessage {
  channel: ChannelName;
  key: string;
  to: string;
  text: string;
}

export interface SimulatedProvider extends Channel {
  readonly sent: SentMessage[];
  /** while true every message is refused as by a provider that is down; they wait and are retried */
  down: boolean;
}

export interface SimulatedProviderOptions {
  /** share of attempts that fail with a retryable error, decided by a hash of delivery and attempt: 0..1 */
  failureRate?: number;
}

/**
 * A stand-in for an SMS gateway (e.g. Aliyun SMS), WeChat template messages or an e-mail service:
 * no network, it records what it would have sent. A real provider implements the same Channel
 * interface and maps its own error codes to retryable or not.
 */
export function simulatedProvider(name: "sms" | "wechat" | "email", options: SimulatedProviderOptions = {}): SimulatedProvider {
  const provider: SimulatedProvider = {
    name,
    sent: [],
    down: false,
    async send(delivery, to) {
      if (provider.down) return { ok: false, error: `${name} provider unavailable (simulated)`, retryable: true };
      if (to.kind !== "person") return { ok: false, error: `${name} cannot reach a ${to.kind}`, retryable: false };
      // WeChat reaches a person through the phone number bound to their account in this stand-in;
      // a real adapter would look up the openid of the customer in the mini-program.
      const address = name === "email" ? to.email : to.phone;
      if (!address) return { ok: false, error: `no ${name === "email" ? "e-mail address" : "phone number"} on file`, retryable: false };
      const roll = parseInt(createHash("sha256").update(`${delivery.key}:${delivery.attempt}`).digest("hex").slice(0, 8), 16) / 0xffffffff;
      if (roll < (options.failureRate ?? 0)) return { ok: false, error: `${name} provider busy (simulated)`, retryable: true };
      provider.sent.push({ channel: name, key: delivery.key, to: address, text: textOf(delivery.message) });
      return { ok: true, providerRef: `SIM-${name.toUpperCase()}-${createHash("sha256").update(`${delivery.key}:${delivery.attempt}`).digest("hex").slice(0, 12)}` };
    },
  };
  return provider;
}

/** The simulated SMS, WeChat and e-mail providers the app runs with. */
export function simulatedProviders(options: SimulatedProviderOptions = {}) {
  return { sms: simulatedProvider("sms", options), wechat: simulatedProvider("wechat", options), email: simulatedProvider("email", options) };
}
export type SimulatedProviders = ReturnType<typeof simulatedProviders>;

/** The words of a message as a person reads them. */
export function textOf(message: NotificationMessage): string {
  switch (message.kind) {
    case "sms":
    case "wechat":
      return message.text;
    case "email":
      return `${message.subject}\n\n${message.text}`;
    case "webhook":
      return message.event.topic;
  }
}

/**
 * How a webhook answer counts: 2xx delivered; 408 and 429 (the receiver asks us to come back) and
 * 5xx retried; any other status (404, 401, a redirect we do not follow…) will not improve by
 * itself and goes to the dead letters at once.
 */
export function classifyWebhookStatus(status: number): { ok: true } | { ok: false; retryable: boolean } {
  if (status >= 200 && status < 300) return { ok: true };
  return { ok: false, retryable: status >= 500 || status === 408 || status === 429 };
}

export interface WebhookChannelOptions {
  /** the signature's timestamp comes from here */
  clock: () => Date;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Whether webhooks may reach loopback, private and link-local addresses (development and
   * tests). Off in production: an integrator must not make the server call into its own network.
   */
  allowPrivateTargets?: boolean;
}

/**
 * The real webhook channel: POSTs the event as JSON to the subscriber's URL, signed with the
 * subscription's secret (signature.ts), and gives up on an answer after the timeout.
 */
export function webhookChannel(options: WebhookChannelOptions): Channel {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const guarded = !options.allowPrivateTargets;
  const agent = guarded ? publicOnlyAgent() : null;
  // undici's own fetch takes the agent whose lookup refuses private addresses
  const post: typeof fetch = options.fetch ?? (agent ? ((url, init) => undiciFetch(url as string, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>) : fetch);
  return {
    name: "webhook",
    async send(delivery, to) {
      if (to.kind !== "webhook" || delivery.message.kind !== "webhook") return { ok: false, error: "not a webhook delivery", retryable: false };
      const refused = guarded ? privateLiteralOf(to.url) : null;
      if (refused) return { ok: false, error: `refused: ${refused}`, retryable: false };
      const body = JSON.stringify(delivery.message.event);
      const t = Math.floor(options.clock().getTime() / 1000);
      let status: number;
      let statusText: string;
      try {
        const res = await post(to.url, {
          method: "POST",
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            "content-type": "application/json",
            "user-agent": "Anxin-Webhooks/1",
            "x-anxin-event": delivery.topic,
            "x-anxin-delivery": delivery.key,
            "x-anxin-signature": signWebhook(to.secret, body, t),
          },
        });
        ({ status, statusText } = res);
        // the answer's body is not read: drop it so the connection is freed
        await res.body?.cancel().catch(() => undefined);
      } catch (e) {
        if (e instanceof Error && e.cause instanceof PrivateTargetError) return { ok: false, error: `refused: ${e.cause.message}`, retryable: false };
        return { ok: false, error: describeFetchError(e, timeoutMs), retryable: true };
      }
      const verdict = classifyWebhookStatus(status);
      if (verdict.ok) return { ok: true, providerRef: `HTTP ${status}` };
      return { ok: false, error: `HTTP ${status}${statusText ? ` ${statusText}` : ""}`, retryable: verdict.retryable };
    },
  };
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  const cause = e instanceof Error ? e.cause : undefined;
  const code = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : null;
  return `network error: ${code ?? (e instanceof Error ? e.message : String(e))}`;
}
