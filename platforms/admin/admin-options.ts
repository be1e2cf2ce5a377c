/**
 * Checks the admin page's options at the call: a wrong argument is a TypeError naming it there, not
 * a crash at the first page request.
 */
function fail(what: string): never {
  throw new TypeError(`createAdminHandler(options) / listenAdmin(options): ${what}`);
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  return typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

/** Throws a TypeError for the first option that cannot work. */
export function checkAdminOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) fail('options must be an object { server, metrics, cluster?, authorize? }');
  const { server, metrics, cluster, authorize } = options as Record<string, unknown>;
  if (!hasFunctions(server, ['methods', 'on', 'listen'])) fail('options.server must be an isorpc server (createServer())');
  if (!hasFunctions(metrics, ['snapshot'])) fail('options.metrics must be a collector from createMetrics(), installed with server.use(metrics)');
  if (authorize !== undefined && typeof authorize !== 'function') fail('options.authorize must be a function (request) => boolean');
  if (cluster !== undefined) {
    const { discovery, services, registrations } = (cluster ?? {}) as Record<string, unknown>;
    if (!hasFunctions(discovery, ['subscribe'])) fail('options.cluster.discovery must be a Discovery (with subscribe())');
    if (!Array.isArray(services) || !services.every((service) => typeof service === 'string')) fail('options.cluster.services must be an array of service names');
    if (registrations !== undefined && !Array.isArray(registrations)) fail('options.cluster.registrations must be an array of registrations');
  }
}

/** Also checks `host` and `port` of `listenAdmin()`. */
export function checkListenOptions(options: { host?: unknown; port?: unknown }): void {
  if (options.host !== undefined && (typeof options.host !== 'string' || options.host === '')) fail('options.host must be a host name or IP address, e.g. "127.0.0.1"');
  const port = options.port;
  if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535)) fail('options.port must be an integer from 0 to 65535 (0 picks a free port)');
}
