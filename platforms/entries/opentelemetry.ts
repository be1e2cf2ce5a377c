/**
 * `isorpc/opentelemetry`: `instrument(serverOrClient)` traces calls with OpenTelemetry. Needs the
 * optional peer dependency `@opentelemetry/api` (and an SDK in the application to export spans).
 */
export { instrument, type InstrumentOptions } from '../opentelemetry/instrument.js';
