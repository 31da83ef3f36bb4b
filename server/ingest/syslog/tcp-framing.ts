// RFC 6587 framing for syslog over TCP: octet counting (`123 <34>1 ...`) or a trailing LF
// (non-transparent framing). Senders may switch per message, so each frame is detected on its own
// first byte: a digit starts an octet count, anything else runs to the next LF.

/** Longest message kept; anything longer is cut there and reported (rsyslog's default max is 8 KiB). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export type Frame = { ok: true; message: string } | { ok: false; error: string };

export class TcpFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes still to skip of an oversized frame. */
  private skip = 0;
  /** Skipping the rest of an oversized LF-framed line. */
  private skipLine = false;

  /** Feeds bytes; returns the complete frames they finish. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buf.length);
        this.skip -= n;
        this.buf = this.buf.subarray(n);
        if (this.skip > 0) break;
      }
      if (this.skipLine) {
        const lf = this.buf.indexOf(0x0a);
        if (lf < 0) {
          this.buf = Buffer.alloc(0);
          break;
        }
        this.buf = this.buf.subarray(lf + 1);
        this.skipLine = false;
      }
      // Stray LFs between frames carry nothing.
      let start = 0;
      while (start < this.buf.length && (this.buf[start] === 0x0a || this.buf[start] === 0x0d)) start++;
      if (start) this.buf = this.buf.subarray(start);
      if (this.buf.length === 0) break;
      const first = this.buf[0];
      if (first >= 0x30 && first <= 0x39) {
        const sp = this.buf.indexOf(0x20);
        if (sp < 0) {
          if (this.buf.length > 10) {
            out.push({ ok: false, error: 'syslog: octet count without a space' });
            this.buf = Buffer.alloc(0);
          }
          break;
        }
        const len = Number(this.buf.subarray(0, sp).toString('latin1'));
        if (!Number.isInteger(len) || sp > 10) {
          // Not a count after all: read it as an LF-framed message.
          if (!this.lineFrame(out)) break;
          continue;
        }
        if (len > MAX_MESSAGE_BYTES) {
          out.push({ ok: false, error: `syslog: message of ${len} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit` });
          this.buf = this.buf.subarray(sp + 1);
          this.skip = len;
          continue;
        }
        if (this.buf.length < sp + 1 + len) break;
        out.push({ ok: true, message: this.buf.subarray(sp + 1, sp + 1 + len).toString('utf8') });
        this.buf = this.buf.subarray(sp + 1 + len);
        continue;
      }
      if (!this.lineFrame(out)) break;
    }
    return out;
  }

  /** Takes one LF-terminated frame; false when the LF has not arrived yet. */
  private lineFrame(out: Frame[]): boolean {
    const lf = this.buf.indexOf(0x0a);
    if (lf < 0) {
      if (this.buf.length > MAX_MESSAGE_BYTES) {
        out.push({ ok: false, error: `syslog: line over the ${MAX_MESSAGE_BYTES}-byte limit` });
        this.buf = Buffer.alloc(0);
        this.skipLine = true;
      }
      return false;
    }
    out.push({ ok: true, message: this.buf.subarray(0, lf).toString('utf8') });
    this.buf = this.buf.subarray(lf + 1);
    return true;
  }

  /** What is left when the peer closes: a last line without its LF still counts. */
  end(): Frame[] {
    const rest = this.buf.toString('utf8').replace(/[\r\n]+$/, '');
    this.buf = Buffer.alloc(0);
    return rest.length ? [{ ok: true, message: rest }] : [];
  }
}
