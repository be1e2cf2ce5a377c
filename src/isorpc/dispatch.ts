import { RpcError } from '../errors.js';
import { FrameType, type Frame } from './frame.js';

/** Where an open connection hands each frame. */
export interface FrameTargets {
  /** Frames for the handler side: Request, Notify, Cancel, StreamCredit, ArgItem, ArgEnd. */
  incoming(frame: Frame): void;
  /** Frames for the caller side: Response, Error, Pong, StreamItem, StreamEnd, ArgCredit. */
  outgoing(frame: Frame): void;
  ping(frame: Frame): void;
  goAway(frame: Frame): void;
}

/** Requests, notifications and their replies: traffic that keeps a connection from being idle. */
export function isCallFrame(frame: Frame): boolean {
  return frame.type === FrameType.Request || frame.type === FrameType.Notify || frame.type === FrameType.Response || frame.type === FrameType.Error;
}

/**
 * Routes a frame of an open connection by its type. Adding a frame type means a case here and its
 * handler in incoming-calls.ts or outgoing-calls.ts (docs/ARCHITECTURE.md).
 */
export function dispatchFrame(frame: Frame, targets: FrameTargets): void {
  switch (frame.type) {
    case FrameType.Request:
    case FrameType.Notify:
    case FrameType.Cancel:
    case FrameType.StreamCredit:
    case FrameType.ArgItem:
    case FrameType.ArgEnd:
      return targets.incoming(frame);
    case FrameType.Response:
    case FrameType.Error:
    case FrameType.Pong:
    case FrameType.StreamItem:
    case FrameType.StreamEnd:
    case FrameType.ArgCredit:
      return targets.outgoing(frame);
    case FrameType.Ping:
      return targets.ping(frame);
    case FrameType.GoAway:
      return targets.goAway(frame);
    default:
      throw new RpcError('PROTOCOL', `Malformed frame: unexpected frame type ${frame.type} after the handshake`);
  }
}
