package resp

import (
	"errors"
	"io"
	"math/big"
	"strconv"
	"unsafe"
)

const defaultBufSize = 4096

// A Writer writes RESP values and commands to an io.Writer through a buffer.
// A write method sends the buffer to the io.Writer once it is at least half
// full, so it may block in the io.Writer's Write; [Writer.Flush] sends the
// rest. A bulk payload that does not fit in the buffer is written after a
// flush, straight to the io.Writer if it is at least half as long as the
// buffer, so the buffer never grows for payloads.
//
// The first write error is kept: every later call returns it and writes
// nothing. Once the buffer has the capacity it needs, writing allocates
// nothing.
type Writer struct {
	// RESP2, if set, makes the Writer write every value as Redis writes it
	// to a RESP2 client (see [AppendValueRESP2]). The typed writes follow it
	// too: WriteNull writes $-1, WriteMapLen(n) writes *2n, and so on.
	RESP2 bool

	w   io.Writer
	buf []byte
	err error
}

// NewWriter returns a Writer to w with a 4 KiB buffer.
func NewWriter(w io.Writer) *Writer { return NewWriterSize(w, defaultBufSize) }

// NewWriterSize returns a Writer to w whose buffer holds size bytes.
func NewWriterSize(w io.Writer, size int) *Writer {
	return &Writer{w: w, buf: make([]byte, 0, max(size, 16))}
}

// Reset discards anything buffered and any error, and makes the Writer
// write to dst, keeping its buffer and its RESP2 setting.
func (w *Writer) Reset(dst io.Writer) {
	w.w, w.buf, w.err = dst, w.buf[:0], nil
}

// Buffered returns the number of bytes written to the buffer and not yet
// flushed.
func (w *Writer) Buffered() int { return len(w.buf) }

// Flush writes the buffered bytes to the underlying io.Writer, blocking until
// its Write returns, and returns the sticky error, if any.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if len(w.buf) == 0 {
		return nil
	}
	n, err := w.w.Write(w.buf)
	if err == nil && n < len(w.buf) {
		err = io.ErrShortWrite
	}
	w.buf = w.buf[:0]
	w.err = err
	return err
}

// writeThrough flushes the buffer and writes b straight to the io.Writer.
func (w *Writer) writeThrough(b []byte) {
	if w.Flush() != nil {
		return
	}
	n, err := w.w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	w.err = err
}

// done flushes once the buffer is full and returns the sticky error.
func (w *Writer) done() error {
	if w.err == nil && len(w.buf) >= cap(w.buf)/2 {
		w.Flush()
	}
	return w.err
}

// WriteValue writes v, attributes first, as [AppendValue] does (or as
// [AppendValueRESP2] does if w.RESP2 is set).
func (w *Writer) WriteValue(v Value) error {
	if w.err != nil {
		return w.err
	}
	return w.end(encoder{resp2: w.RESP2, w: w}.value(w.buf, &v))
}

// payload writes a payload of kind k, prefixed by a verbatim format if set.
func (w *Writer) payload(k Kind, format string, b []byte) error {
	if w.err != nil {
		return w.err
	}
	return w.end(encoder{w: w}.bulk(w.buf, k, format, b))
}

// end takes back the buffer from an encoder.
func (w *Writer) end(buf []byte) error {
	w.buf = buf
	if w.err != nil {
		w.buf = w.buf[:0]
	}
	return w.done()
}

// WriteSimpleString writes the simple string s; CR and LF become spaces.
func (w *Writer) WriteSimpleString(s string) error {
	if w.err != nil {
		return w.err
	}
	w.buf = AppendSimpleString(w.buf, s)
	return w.done()
}

// WriteError writes the simple error s, such as "ERR syntax error"; CR and
// LF become spaces.
func (w *Writer) WriteError(s string) error {
	if w.err != nil {
		return w.err
	}
	w.buf = AppendError(w.buf, s)
	return w.done()
}

// WriteInteger writes the integer n.
func (w *Writer) WriteInteger(n int64) error {
	if w.err != nil {
		return w.err
	}
	w.buf = AppendInteger(w.buf, n)
	return w.done()
}

// WriteBulk writes the bulk string b.
func (w *Writer) WriteBulk(b []byte) error { return w.payload(KindBulkString, "", b) }

// WriteBulkString writes the bulk string s.
func (w *Writer) WriteBulkString(s string) error {
	return w.payload(KindBulkString, "", unsafe.Slice(unsafe.StringData(s), len(s)))
}

// WriteBulkError writes the RESP3 bulk error s (for RESP2, a simple error).
func (w *Writer) WriteBulkError(s string) error { return w.WriteValue(BulkErrorValue(s)) }

// WriteVerbatimString writes the RESP3 verbatim string text with the 3-byte
// format, such as "txt" (for RESP2, a bulk string of text). It panics if
// format is not 3 bytes long.
func (w *Writer) WriteVerbatimString(format, text string) error {
	if len(format) != 3 {
		panic("resp: verbatim string format must be 3 bytes, got " + strconv.Quote(format))
	}
	if w.RESP2 {
		return w.WriteBulkString(text)
	}
	return w.payload(KindVerbatimString, format, unsafe.Slice(unsafe.StringData(text), len(text)))
}

// WriteNull writes the RESP3 null (for RESP2, the null bulk string $-1).
func (w *Writer) WriteNull() error { return w.WriteValue(NullValue()) }

// WriteNullArray writes what Redis sends for a missing array: the RESP3 null
// (for RESP2, the null array *-1).
func (w *Writer) WriteNullArray() error {
	if w.RESP2 {
		return w.WriteValue(NullArrayValue())
	}
	return w.WriteValue(NullValue())
}

// WriteBool writes the RESP3 boolean b (for RESP2, the integer 1 or 0).
func (w *Writer) WriteBool(b bool) error { return w.WriteValue(BoolValue(b)) }

// WriteDouble writes the RESP3 double f (for RESP2, a bulk string of its
// text).
func (w *Writer) WriteDouble(f float64) error { return w.WriteValue(Float64Value(f)) }

// WriteBigNumber writes the RESP3 big number x (for RESP2, a bulk string of
// its digits). Formatting an x beyond the int64 range allocates, as
// big.Int.Append does.
func (w *Writer) WriteBigNumber(x *big.Int) error {
	if w.err != nil {
		return w.err
	}
	var tmp [64]byte
	text := appendBig(tmp[:0], x)
	if w.RESP2 {
		w.buf = appendBulk(w.buf, KindBulkString, text)
	} else {
		w.buf = appendLine(w.buf, KindBigNumber, text)
	}
	return w.done()
}

// WriteArrayLen writes the header of an array of n elements; write the
// elements next.
func (w *Writer) WriteArrayLen(n int) error { return w.aggregate(KindArray, n) }

// WriteMapLen writes the header of a RESP3 map of n pairs (for RESP2, an
// array of 2n elements); write the keys and values next, alternating.
func (w *Writer) WriteMapLen(n int) error { return w.aggregate(KindMap, n) }

// WriteSetLen writes the header of a RESP3 set of n elements (for RESP2, an
// array).
func (w *Writer) WriteSetLen(n int) error { return w.aggregate(KindSet, n) }

// WritePushLen writes the header of a RESP3 push of n elements (for RESP2,
// an array).
func (w *Writer) WritePushLen(n int) error { return w.aggregate(KindPush, n) }

func (w *Writer) aggregate(k Kind, n int) error {
	if w.RESP2 && k != KindArray {
		if k == KindMap {
			n *= 2
		}
		k = KindArray
	}
	if w.err != nil {
		return w.err
	}
	w.buf = appendHeader(w.buf, k, int64(n))
	return w.done()
}

// WriteCommand writes a command as a client sends it: an array of bulk
// strings, one per argument.
func (w *Writer) WriteCommand(args ...string) error {
	if err := w.WriteArrayLen(len(args)); err != nil {
		return err
	}
	for _, a := range args {
		if fitsShort(w.buf, len(a)) {
			w.buf = putShort(w.buf, KindBulkString, a) // in line, without a call
		} else if err := w.WriteBulkString(a); err != nil {
			return err
		}
	}
	return w.done()
}

// WriteBulkFrom writes a bulk string of n bytes read from r, without holding
// them whole: it copies the payload through the buffer, flushing as it fills,
// and allocates nothing. If r ends before n bytes, the stream is broken:
// WriteBulkFrom returns io.ErrUnexpectedEOF, which every later call returns
// too. A negative n is an error, and nothing is written.
func (w *Writer) WriteBulkFrom(r io.Reader, n int64) error {
	if w.err != nil {
		return w.err
	}
	if n < 0 {
		return errors.New("resp: WriteBulkFrom with negative length " + strconv.FormatInt(n, 10))
	}
	w.buf = appendHeader(w.buf, KindBulkString, n)
	for empty := 0; n > 0 && w.err == nil; {
		free := w.buf[len(w.buf):cap(w.buf)]
		m, err := r.Read(free[:min(int64(len(free)), n)])
		w.buf = w.buf[:len(w.buf)+m]
		n -= int64(m)
		if m == 0 && err == nil {
			if empty++; empty == 100 {
				err = io.ErrNoProgress
			}
		}
		switch {
		case err == io.EOF && n > 0:
			w.err = io.ErrUnexpectedEOF
		case err != nil && err != io.EOF:
			w.err = err
		case len(w.buf) == cap(w.buf):
			w.Flush()
		}
	}
	if w.err != nil {
		return w.err
	}
	w.buf = append(w.buf, '\r', '\n')
	return w.done()
}
