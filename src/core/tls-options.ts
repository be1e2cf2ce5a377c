/** TLS material for `tls://` and `wss://` (PEM strings or bytes), as node:tls takes it. */
export interface TlsOptions {
  /** The certificate chain to present (PEM). */
  cert?: string | Uint8Array;
  /** The private key of `cert` (PEM). */
  key?: string | Uint8Array;
  /** Certificates to trust instead of the system's; a client needs the server's CA, a server the clients' (mutual TLS). */
  ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** The passphrase of an encrypted `key`. */
  passphrase?: string;
  /** Server: ask clients for a certificate (mutual TLS). */
  requestCert?: boolean;
  /** Refuse peers whose certificate does not verify. Default true. */
  rejectUnauthorized?: boolean;
  /** Client: the name to verify the server's certificate against (SNI). Default: the host. */
  servername?: string;
}
