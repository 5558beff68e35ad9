/**
 * The Jupyter messaging wire format (protocol 5.3) over ZeroMQ: each message is a multipart frame list
 * `[...identities, "<IDS|MSG>", signature, header, parent_header, metadata, content, ...buffers]`, where
 * the signature is the hex HMAC-SHA256 of the four JSON frames under the connection file's key.
 *
 * @example
 * ```ts
 * import { decodeMessage, encodeMessage, newHeader } from "@l2m/notebook/wire.ts";
 * const header = newHeader("kernel_info_request", "session-1");
 * const frames = encodeMessage("secret", { header, parent_header: {}, metadata: {}, content: {} });
 * const message = decodeMessage("secret", frames);
 * console.assert(message.header.msg_id === header.msg_id);
 * ```
 * @module
 */
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";

/** The header of a Jupyter message. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded Jupyter message (buffers are not used by this project and are dropped). */
export interface Message {
  header: MessageHeader;
  /** The header of the request this message replies to, or `{}`. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
}

const DELIMITER = "<IDS|MSG>";

/** Creates a header for a new request of type `msgType` in `session`. */
export function newHeader(msgType: string, session: string): MessageHeader {
  return {
    msg_id: crypto.randomUUID(),
    session,
    username: "l2m",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: "5.3",
  };
}

function sign(key: string, parts: string[]): string {
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** Serialises and signs `message` into frames for a DEALER socket (no identities). */
export function encodeMessage(key: string, message: Message): string[] {
  const parts = [
    JSON.stringify(message.header),
    JSON.stringify(message.parent_header),
    JSON.stringify(message.metadata),
    JSON.stringify(message.content),
  ];
  return [DELIMITER, sign(key, parts), ...parts];
}

/**
 * Parses received frames (with any identity or topic frames before the delimiter) and checks the
 * signature. Throws an `Error` on a missing delimiter or a bad signature.
 */
export function decodeMessage(key: string, frames: ArrayLike<Uint8Array | string>): Message {
  const text = Array.from(frames, (frame) => typeof frame === "string" ? frame : decoder.decode(frame));
  const at = text.indexOf(DELIMITER);
  if (at < 0 || text.length < at + 6) {
    throw new Error(`invalid Jupyter message: ${text.length} frames, no "${DELIMITER}" delimiter`);
  }
  const signature = text[at + 1]!;
  const parts = text.slice(at + 2, at + 6);
  if (key !== "") {
    const expected = Buffer.from(sign(key, parts));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new Error("invalid Jupyter message: HMAC signature does not match the connection key");
    }
  }
  const [header, parent, metadata, content] = parts.map((part) => JSON.parse(part));
  return { header, parent_header: parent, metadata, content };
}

const decoder = new TextDecoder();
