/** The HTTP server's limits (`server:` in the config file); docs/operations/limits.md says what each protects. */
export interface ServerSettings {
  /** A request whose headers and body have not all arrived by then is answered 408 and closed. */
  requestTimeoutMs: number;
  /** A connection that has not sent a whole request head by then is closed (slow-header clients). */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are closed as they arrive. */
  maxConnections: number;
  /** Request bodies being received at once, summed; a body that would go past it is refused with 503 and Retry-After. */
  maxBodyBytesInFlight: number;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 20_000,
  // Node closes idle keep-alive connections after 5 s, racing clients that
  // reuse them (a POST on a socket being closed fails); fastify's own
  // server waits 72 s, and so does this one.
  keepAliveTimeoutMs: 72_000,
  maxConnections: 1000,
  maxBodyBytesInFlight: 128 * 1024 * 1024,
};
