package resp

import (
	"errors"
	"io"
)

// A Reader reads RESP values or commands from an io.Reader through a buffer.
//
// Decoded values and command arguments alias the Reader's buffer and memory:
// they are valid only until the next call of a Read method or Reset. Call
// [Value.Clone] (or copy the arguments) to keep them longer. In return, once
// its buffer and arena have grown to fit the values read, a Reader allocates
// nothing.
//
// The Reader never sizes memory by what a length header claims: its buffer
// grows (doubling) only when bytes that arrived have filled it, so it stays
// within twice the largest value the peer actually sent. Elements cost more
// than their bytes: each takes a 32-byte Value in the Reader's arena (a
// command argument, a 24-byte slice), however short it is on the wire, so
// bound aggregates from untrusted peers with MaxElements. The buffer and the
// arena never shrink. Parsing resumes where it stopped when more bytes
// arrive, so reading is linear in the input however it is split into reads.
//
// A protocol violation is returned as a [*ProtocolError] whose Offset counts
// from the start of the stream, and so is every later read: the stream
// cannot be trusted after it. A stream that ends inside a value gives
// io.ErrUnexpectedEOF (also sticky); io.EOF comes only between values. Other
// errors of the io.Reader, such as a timeout, are returned as they are; the
// next call starts the interrupted value over from the bytes kept.
type Reader struct {
	// Limits bounds what the Reader accepts; see [Limits]. Set it before
	// reading; a zero field means the default.
	Limits

	rd   io.Reader
	buf  []byte
	r, w int   // unread bytes are buf[r:w]
	off  int64 // stream offset of buf[0]
	err  error // sticky error
	d    decoder
	bulk BulkReader
}

// NewReader returns a Reader from rd with a 4 KiB buffer, which grows as
// values need.
func NewReader(rd io.Reader) *Reader { return NewReaderSize(rd, defaultBufSize) }

// NewReaderSize returns a Reader from rd whose buffer starts at size bytes.
func NewReaderSize(rd io.Reader, size int) *Reader {
	return &Reader{rd: rd, buf: make([]byte, max(size, 16))}
}

// Reset discards any buffered input and error and makes the Reader read from
// rd, keeping its buffers (which never shrink) and Limits.
func (r *Reader) Reset(rd io.Reader) {
	r.rd, r.r, r.w, r.off, r.err = rd, 0, 0, 0, nil
	r.bulk = BulkReader{}
}

// InputOffset returns the stream offset of the next byte to be read: the
// number of bytes that the values and commands read so far took.
func (r *Reader) InputOffset() int64 { return r.off + int64(r.r) }

// Buffered returns the number of bytes read from the io.Reader and not yet
// decoded.
func (r *Reader) Buffered() int { return r.w - r.r }

// ReadValue reads the next value, blocking in the io.Reader's Read until all
// of it has arrived. Attributes before it are attached to it (see
// [Value.Attributes]); streamed strings and aggregates are assembled. The
// Value aliases the Reader's memory until the next read. ReadValue allocates
// only to grow the buffer or the arena for a value larger than any before.
func (r *Reader) ReadValue() (Value, error) {
	if r.r < r.w && valueStart[r.buf[r.r]] == startSimple && r.err == nil && r.bulk.r == nil && !r.d.general {
		// A common value that has arrived needs no reset.
		r.d.setLimits(r.Limits)
		if v, n := r.d.simple(r.buf[r.r:r.w], 0); n >= 0 {
			r.r += n
			return v, nil
		}
	}
	if err := r.prepare(); err != nil {
		return Value{}, err
	}
	for {
		v, err := r.d.value(r.buf[r.r:r.w])
		if err == nil {
			r.r += r.d.pos
			return v, nil
		}
		if err = r.more(err, r.r == r.w); err != nil {
			return Value{}, err
		}
	}
}

// ReadCommand reads the next command the way a Redis server does: either a
// multibulk array of bulk strings, or an inline command (a line split at
// spaces, with Redis's double and single quotes and escapes, ending in LF or
// CRLF, at most MaxLineLen long). Empty commands are skipped, as Redis skips
// them. Any other element in a multibulk command, such as *1\r\n+PING\r\n,
// is an error wrapping ErrInvalidCommand. The arguments alias the Reader's
// memory until the next read, and the slice holding them is reused.
func (r *Reader) ReadCommand() ([][]byte, error) {
	if r.err == nil && r.bulk.r == nil && !r.d.general {
		// A common command that has arrived needs no reset.
		r.d.setLimits(r.Limits)
		if args, n := r.d.simpleCommand(r.buf[r.r:r.w]); n >= 0 {
			r.r += n
			return args, nil
		}
	}
	if err := r.prepare(); err != nil {
		return nil, err
	}
	for {
		args, err := r.d.command(r.buf[r.r:r.w])
		if err == nil {
			r.r += r.d.pos
			return args, nil
		}
		if err = r.more(err, r.w-r.r == r.d.start); err != nil {
			if err == io.EOF {
				r.r = r.w // only skipped empty commands were left
			}
			return nil, err
		}
	}
}

// prepare starts a read: it returns the sticky error, finishes an unread
// bulk stream, and resets the decoder.
func (r *Reader) prepare() error {
	if r.err != nil {
		return r.err
	}
	if r.bulk.r != nil {
		if _, err := r.bulk.WriteTo(io.Discard); err != nil {
			return err
		}
	}
	r.d.setLimits(r.Limits)
	r.d.reset()
	return nil
}

// more handles an error of the decoder: errNeedMore reads more input, a
// protocol error becomes sticky with its stream offset. clean tells whether
// nothing of a value has arrived, so that the end of input is io.EOF.
func (r *Reader) more(err error, clean bool) error {
	if err != errNeedMore {
		var pe *ProtocolError
		if errors.As(err, &pe) {
			pe.Offset += r.InputOffset()
		}
		r.err = err
		return err
	}
	seen := r.w - r.r
	err = r.fill(r.d.need)
	if err == io.EOF && r.w-r.r > seen {
		return nil // the decoder must see the last bytes: they may be an error
	}
	if err == io.EOF && !clean {
		err = io.ErrUnexpectedEOF
		r.err = err
	}
	return err
}

// readChunk bounds the size of one read into the buffer.
const readChunk = 64 << 10

// fill reads until buf[r:w] holds at least need bytes. To make room it
// compacts the buffer, then the decoder starts the value over (it had
// aliased bytes that moved; this happens at most once per value, and costs
// at most half a buffer); or it moves to a buffer twice as large, leaving
// the old one to the values that alias it.
func (r *Reader) fill(need int) error {
	for empty := 0; r.w-r.r < need; {
		if r.r == r.w { // nothing unread: start over at no cost
			r.off += int64(r.r)
			r.r, r.w = 0, 0
		}
		if r.w == len(r.buf) {
			if r.r > 0 && r.w-r.r <= len(r.buf)/2 {
				copy(r.buf, r.buf[r.r:r.w])
				r.d.reset()
			} else {
				nb := make([]byte, max(2*len(r.buf), defaultBufSize))
				copy(nb, r.buf[r.r:r.w])
				r.buf = nb
			}
			r.off += int64(r.r)
			r.w -= r.r
			r.r = 0
		}
		// Read at most readChunk, or for a large remainder of a value, up
		// to its end: the next value then starts on an empty buffer, and
		// large values are never copied twice by compaction.
		end := min(len(r.buf), r.w+readChunk)
		if rest := r.r + need; rest-r.w > readChunk {
			end = min(len(r.buf), rest)
		}
		n, err := r.rd.Read(r.buf[r.w:end])
		r.w += n
		switch {
		case n > 0:
			empty = 0
		case err == nil:
			if empty++; empty == 100 {
				return io.ErrNoProgress
			}
		}
		if err != nil {
			if err == io.EOF && r.w-r.r >= need {
				return nil
			}
			return err
		}
	}
	return nil
}

// ReadBulkStream reads the next value as ReadValue does, except that a bulk
// string ($n, or a streamed string $?) at the top level is not read into
// memory: ReadBulkStream reads only its header and returns a BulkReader that
// yields its payload from the Reader's buffer and then straight from the
// io.Reader, in memory bounded by the buffer. For any other value
// (including a bulk string that attributes precede, which is read whole)
// body is nil and v is the value.
//
// The BulkReader is valid until the next call of a Read method, which first
// discards what is left of the payload.
func (r *Reader) ReadBulkStream() (v Value, body *BulkReader, err error) {
	if err := r.prepare(); err != nil {
		return Value{}, nil, err
	}
	for {
		src := r.buf[r.r:r.w]
		if len(src) > 0 && src[0] != '$' {
			v, err = r.ReadValue()
			return v, nil, err
		}
		var cr, n int
		if err = r.d.need1(src); err == nil {
			if cr, err = r.d.line(src); err == nil {
				n, err = r.d.header(src, cr, true, true)
			}
		}
		if err == nil && n == -1 {
			v, err = r.ReadValue()
			return v, nil, err
		}
		if err == nil {
			if err = r.d.checkBulkLen(n, 1); err == nil {
				r.r += cr + 2
				r.bulk = BulkReader{r: r, remain: int64(n), size: int64(n)}
				if n == -2 {
					r.bulk.remain, r.bulk.size = 0, -1
				}
				return Value{}, &r.bulk, nil
			}
		}
		if err = r.more(err, r.r == r.w); err != nil {
			return Value{}, nil, err
		}
	}
}

// need1 asks for a first byte.
func (d *decoder) need1(src []byte) error {
	if len(src) == 0 {
		return d.more(1)
	}
	return nil
}

// A BulkReader reads the payload of one bulk string from a [Reader]; see
// [Reader.ReadBulkStream]. Reading it allocates nothing.
type BulkReader struct {
	r      *Reader
	remain int64 // payload bytes left in the current chunk
	size   int64 // payload length, or -1 for a streamed string
	chunks int   // chunks of a streamed string begun
	total  int   // payload bytes of the chunks of a streamed string begun
	header bool  // a chunk's CRLF is read, its next chunk header is not
}

// Size returns the length of the payload, or -1 for a streamed string,
// whose length is known only at its end.
func (b *BulkReader) Size() int64 { return b.size }

// Read reads up to len(p) bytes of the payload. At its end it checks the
// CRLF (and for a streamed string, the chunk headers) and returns io.EOF;
// a violation is a [*ProtocolError] that the Reader returns from then on.
func (b *BulkReader) Read(p []byte) (int, error) {
	r := b.r
	if r == nil {
		return 0, io.EOF
	}
	if r.err != nil {
		return 0, r.err
	}
	if b.remain == 0 {
		if err := b.nextChunk(); err != nil {
			return 0, err
		}
		if b.r == nil {
			return 0, io.EOF
		}
	}
	if r.r == r.w {
		if err := r.fill(1); err != nil {
			return 0, r.streamErr(err)
		}
	}
	n := copy(p[:min(int64(len(p)), b.remain)], r.buf[r.r:r.w])
	r.r += n
	b.remain -= int64(n)
	return n, nil
}

// WriteTo writes the rest of the payload to w, through the Reader's buffer.
func (b *BulkReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for b.r != nil {
		r := b.r
		if r.err != nil {
			return total, r.err
		}
		if b.remain == 0 {
			if err := b.nextChunk(); err != nil {
				return total, err
			}
			continue
		}
		if r.r == r.w {
			if err := r.fill(1); err != nil {
				return total, r.streamErr(err)
			}
		}
		chunk := r.buf[r.r : r.r+int(min(int64(r.w-r.r), b.remain))]
		n, err := w.Write(chunk)
		r.r += n
		b.remain -= int64(n)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// streamErr turns io.EOF inside a payload into a sticky io.ErrUnexpectedEOF.
func (r *Reader) streamErr(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
		r.err = err
	}
	return err
}

// nextChunk finishes a payload (or a chunk of a streamed string): it checks
// its CRLF, and for a streamed string reads the next chunk header. At the
// end of the payload it detaches b from the Reader.
func (b *BulkReader) nextChunk() error {
	r := b.r
	if (b.size >= 0 || b.chunks > 0) && !b.header {
		// The payload (or a chunk) is over: its CRLF must follow.
		err := r.fill(2)
		if c := r.buf[r.r:r.w]; len(c) > 0 && c[0] != '\r' || len(c) > 1 && c[1] != '\n' {
			return r.more(fail(ErrMissingCRLF, btoi(c[0] == '\r'), "payload not followed by CRLF"), false)
		}
		if err != nil {
			return r.streamErr(err)
		}
		r.r += 2
		if b.size >= 0 {
			b.r = nil
			return nil
		}
		b.header = true // a read error from here on must not check it again
	}
	// A streamed string: read the next chunk header.
	r.d.reset()
	for {
		src := r.buf[r.r:r.w]
		var cr, n int
		err := r.d.need1(src)
		if err == nil && src[0] != ';' {
			err = fail(ErrInvalidStream, 0, "want a ';' chunk of a streamed string")
		}
		if err == nil {
			if cr, err = r.d.line(src); err == nil {
				n, err = r.d.header(src, cr, false, false)
			}
		}
		if err == nil {
			err = r.d.checkBulkLen(b.total+n, 1) // MaxBulkLen bounds the whole string
		}
		if err == nil {
			r.r += cr + 2
			b.chunks++
			b.total += n
			b.header = false
			b.remain = int64(n)
			if n == 0 {
				b.r = nil
			}
			return nil
		}
		if err = r.more(err, false); err != nil {
			return err
		}
	}
}
