// The long connection's wire: the pbbp2.Frame protobuf codec and a minimal RFC 6455 server side
// (lark-protocol.md §9.5), just enough for the SDK's `ws` client. No Lark logic lives here.
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';

interface PbHeader {
  key: string;
  value: string;
}

export interface PbFrame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 control, 1 data. */
  method: number;
  headers: PbHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // int32 negatives are 10-byte varints
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
}

export function encodeFrame(frame: PbFrame): Buffer {
  const parts: Buffer[] = [
    Buffer.from([...varint((1 << 3) | 0), ...varint(frame.SeqID)]),
    Buffer.from([...varint((2 << 3) | 0), ...varint(frame.LogID)]),
    Buffer.from([...varint((3 << 3) | 0), ...varint(frame.service)]),
    Buffer.from([...varint((4 << 3) | 0), ...varint(frame.method)]),
  ];
  for (const h of frame.headers) {
    const inner = Buffer.concat([lengthDelimited(1, Buffer.from(h.key)), lengthDelimited(2, Buffer.from(h.value))]);
    parts.push(lengthDelimited(5, inner));
  }
  if (frame.payloadEncoding !== undefined) parts.push(lengthDelimited(6, Buffer.from(frame.payloadEncoding)));
  if (frame.payloadType !== undefined) parts.push(lengthDelimited(7, Buffer.from(frame.payloadType)));
  if (frame.payload !== undefined) parts.push(lengthDelimited(8, frame.payload));
  if (frame.LogIDNew !== undefined) parts.push(lengthDelimited(9, Buffer.from(frame.LogIDNew)));
  return Buffer.concat(parts);
}

class PbReader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
    }
    return Number(BigInt.asIntN(64, result));
  }
  bytes(): Buffer {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    if (out.length !== len) throw new Error('truncated field');
    this.pos += len;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

export function decodeFrame(buf: Buffer): PbFrame {
  const r = new PbReader(buf);
  const frame: PbFrame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  while (!r.done) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) frame.SeqID = r.varint();
    else if (field === 2 && wire === 0) frame.LogID = r.varint();
    else if (field === 3 && wire === 0) frame.service = r.varint();
    else if (field === 4 && wire === 0) frame.method = r.varint();
    else if (field === 5 && wire === 2) {
      const hr = new PbReader(r.bytes());
      const header: PbHeader = { key: '', value: '' };
      while (!hr.done) {
        const htag = hr.varint();
        if (htag >>> 3 === 1 && (htag & 7) === 2) header.key = hr.bytes().toString('utf8');
        else if (htag >>> 3 === 2 && (htag & 7) === 2) header.value = hr.bytes().toString('utf8');
        else hr.skip(htag & 7);
      }
      frame.headers.push(header);
    } else if (field === 6 && wire === 2) frame.payloadEncoding = r.bytes().toString('utf8');
    else if (field === 7 && wire === 2) frame.payloadType = r.bytes().toString('utf8');
    else if (field === 8 && wire === 2) frame.payload = Buffer.from(r.bytes());
    else if (field === 9 && wire === 2) frame.LogIDNew = r.bytes().toString('utf8');
    else r.skip(wire);
  }
  return frame;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One server-side WebSocket: enough of RFC 6455 for the SDK's `ws` client (binary frames, ping, close). */
export class WsConnection {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly onMessage: (data: Buffer) => void,
    private readonly onClose: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.finish());
    socket.on('error', () => this.finish());
  }

  sendBinary(data: Buffer): void {
    this.sendFrame(0x2, data);
  }

  close(): void {
    if (this.closed) return;
    this.sendFrame(0x8, Buffer.from([0x03, 0xe8])); // 1000 normal closure
    this.socket.end();
    this.finish();
  }

  terminate(): void {
    this.socket.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private sendFrame(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    const len = payload.length;
    let head: Buffer;
    if (len < 126) head = Buffer.from([0x80 | opcode, len]);
    else if (len < 65536) {
      head = Buffer.alloc(4);
      head[0] = 0x80 | opcode;
      head[1] = 126;
      head.writeUInt16BE(len, 2);
    } else {
      head = Buffer.alloc(10);
      head[0] = 0x80 | opcode;
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
    this.socket.write(Buffer.concat([head, payload]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const b0 = this.buffer[0] ?? 0;
      const b1 = this.buffer[1] ?? 0;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (this.buffer.length < offset + len) return;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + len));
      if (masked) {
        for (let i = 0; i < payload.length; i++) {
          payload[i] = (payload[i] ?? 0) ^ (this.buffer[maskOffset + (i % 4)] ?? 0);
        }
      }
      this.buffer = this.buffer.subarray(offset + len);
      this.handleFrame(fin, opcode, payload);
    }
  }

  private handleFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === 0x8) {
      this.close();
    } else if (opcode === 0x9) {
      this.sendFrame(0xa, payload);
    } else if (opcode === 0x0 || opcode === 0x1 || opcode === 0x2) {
      this.fragments.push(payload);
      if (fin) {
        const data = Buffer.concat(this.fragments);
        this.fragments = [];
        this.onMessage(data);
      }
    }
  }
}

/** The Sec-WebSocket-Accept answer to a client's Sec-WebSocket-Key. */
export function websocketAccept(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}
