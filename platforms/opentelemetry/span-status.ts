import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { RpcError, isRpcError } from '../../src/internal.js';

/** Ends `span` as failed with `error`: status ERROR, `rpc.isorpc.error_code` and `error.type` set to the code. */
export function endWithError(span: Span, error: unknown): void {
  const reason = isRpcError(error) ? error : RpcError.from(error);
  span.setAttributes({ 'rpc.isorpc.error_code': reason.code, 'error.type': reason.code });
  if (reason.code === 'CANCELLED' || reason.code === 'TIMEOUT') span.addEvent(reason.code === 'CANCELLED' ? 'cancelled' : 'timeout', { 'rpc.isorpc.error_code': reason.code });
  span.setStatus({ code: SpanStatusCode.ERROR, message: reason.message });
  span.end();
}
