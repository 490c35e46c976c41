package resp

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/big"
	"strings"
	"testing"
	"testing/iotest"
)

// A typedWrite is one call of a typed write method, with what it must write
// in RESP3 and for a RESP2 peer.
type typedWrite struct {
	name         string
	write        func(w *Writer) error
	resp3, resp2 string
}

// crlfBytes is a bulk payload on the heap, as a server's would be.
var crlfBytes = []byte("a\r\nb")

var typedWrites = []typedWrite{
	{"WriteSimpleString", func(w *Writer) error { return w.WriteSimpleString("OK") }, "+OK\r\n", "+OK\r\n"},
	{"WriteSimpleString CRLF", func(w *Writer) error { return w.WriteSimpleString("a\r\nb") }, "+a  b\r\n", "+a  b\r\n"},
	{"WriteError", func(w *Writer) error { return w.WriteError("ERR bad") }, "-ERR bad\r\n", "-ERR bad\r\n"},
	{"WriteInteger", func(w *Writer) error { return w.WriteInteger(-1234) }, ":-1234\r\n", ":-1234\r\n"},
	{"WriteBulk", func(w *Writer) error { return w.WriteBulk(crlfBytes) }, "$4\r\na\r\nb\r\n", "$4\r\na\r\nb\r\n"},
	{"WriteBulk empty", func(w *Writer) error { return w.WriteBulk(nil) }, "$0\r\n\r\n", "$0\r\n\r\n"},
	{"WriteBulkString", func(w *Writer) error { return w.WriteBulkString("hello") }, "$5\r\nhello\r\n", "$5\r\nhello\r\n"},
	{"WriteBulkError", func(w *Writer) error { return w.WriteBulkError("SYNTAX x") }, "!8\r\nSYNTAX x\r\n", "-SYNTAX x\r\n"},
	{"WriteVerbatimString", func(w *Writer) error { return w.WriteVerbatimString("txt", "hi") }, "=6\r\ntxt:hi\r\n", "$2\r\nhi\r\n"},
	{"WriteNull", func(w *Writer) error { return w.WriteNull() }, "_\r\n", "$-1\r\n"},
	{"WriteNullArray", func(w *Writer) error { return w.WriteNullArray() }, "_\r\n", "*-1\r\n"},
	{"WriteBool true", func(w *Writer) error { return w.WriteBool(true) }, "#t\r\n", ":1\r\n"},
	{"WriteBool false", func(w *Writer) error { return w.WriteBool(false) }, "#f\r\n", ":0\r\n"},
	{"WriteDouble", func(w *Writer) error { return w.WriteDouble(1.5) }, ",1.5\r\n", "$3\r\n1.5\r\n"},
	{"WriteDouble inf", func(w *Writer) error { return w.WriteDouble(math.Inf(-1)) }, ",-inf\r\n", "$4\r\n-inf\r\n"},
	{"WriteBigNumber", func(w *Writer) error { return w.WriteBigNumber(big.NewInt(-123)) }, "(-123\r\n", "$4\r\n-123\r\n"},
	{"WriteArrayLen", func(w *Writer) error { return w.WriteArrayLen(2) }, "*2\r\n", "*2\r\n"},
	{"WriteMapLen", func(w *Writer) error { return w.WriteMapLen(2) }, "%2\r\n", "*4\r\n"},
	{"WriteSetLen", func(w *Writer) error { return w.WriteSetLen(3) }, "~3\r\n", "*3\r\n"},
	{"WritePushLen", func(w *Writer) error { return w.WritePushLen(3) }, ">3\r\n", "*3\r\n"},
	{"WriteCommand", func(w *Writer) error { return w.WriteCommand("SET", "k", "v") }, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"},
	{"WriteBulkFrom", func(w *Writer) error { return w.WriteBulkFrom(strings.NewReader("hello"), 5) }, "$5\r\nhello\r\n", "$5\r\nhello\r\n"},
	{"WriteBulkFrom empty", func(w *Writer) error { return w.WriteBulkFrom(iotest.ErrReader(errFlaky), 0) }, "$0\r\n\r\n", "$0\r\n\r\n"},
}

func TestWriterTypedWrites(t *testing.T) {
	for _, c := range typedWrites {
		for _, resp2 := range []bool{false, true} {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			w.RESP2 = resp2
			if err := c.write(w); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			want := c.resp3
			if resp2 {
				want = c.resp2
			}
			if w.Buffered()+buf.Len() != len(want) {
				t.Errorf("%s: Buffered %d + written %d, want %d", c.name, w.Buffered(), buf.Len(), len(want))
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != want {
				t.Errorf("%s (RESP2 %v) = %q, want %q", c.name, resp2, buf.String(), want)
			}
			if w.Buffered() != 0 {
				t.Errorf("%s: Buffered = %d after Flush", c.name, w.Buffered())
			}
		}
	}
}

func TestWriterValues(t *testing.T) {
	for _, resp2 := range []bool{false, true} {
		var buf bytes.Buffer
		w := NewWriterSize(&buf, 16) // small: values span flushes
		w.RESP2 = resp2
		var want strings.Builder
		for _, c := range sampleValues {
			if err := w.WriteValue(c.v); err != nil {
				t.Fatal(err)
			}
			if resp2 {
				want.WriteString(c.resp2)
			} else {
				want.WriteString(c.resp3)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want.String() {
			t.Errorf("RESP2 %v: Writer wrote %q, want %q", resp2, buf.String(), want.String())
		}
	}
	// Buffered reports what is not yet flushed.
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.WriteSimpleString("OK"); err != nil {
		t.Fatal(err)
	}
	if w.Buffered() != 5 || buf.Len() != 0 {
		t.Errorf("Buffered = %d, written %d; want 5, 0", w.Buffered(), buf.Len())
	}
}

// recorder records every Write call.
type recorder struct {
	bytes.Buffer
	sizes []int
}

func (r *recorder) Write(p []byte) (int, error) {
	r.sizes = append(r.sizes, len(p))
	return r.Buffer.Write(p)
}

func TestWriterLargePayloads(t *testing.T) {
	payload := bulkPattern(1 << 20)
	text := string(payload)
	const size = 4096
	for _, c := range []struct {
		name  string
		write func(w *Writer) error
		want  []byte
	}{
		{"WriteBulk", func(w *Writer) error { return w.WriteBulk(payload) }, AppendBulkString(nil, payload)},
		{"WriteBulkString", func(w *Writer) error { return w.WriteBulkString(text) }, AppendBulkString(nil, text)},
		{"WriteBulkError", func(w *Writer) error { return w.WriteBulkError(text) }, AppendBulkError(nil, text)},
		{"WriteVerbatimString", func(w *Writer) error { return w.WriteVerbatimString("txt", text) }, AppendVerbatimString(nil, "txt", text)},
		{"WriteCommand", func(w *Writer) error { return w.WriteCommand("SET", "k", text) }, AppendCommand(nil, "SET", "k", text)},
		{"WriteValue array", func(w *Writer) error {
			return w.WriteValue(ArrayValue(StringValue("x"), BytesValue(payload), Int64Value(1)))
		},
			AppendValue(nil, ArrayValue(StringValue("x"), BytesValue(payload), Int64Value(1)))},
		{"WriteValue verbatim", func(w *Writer) error { return w.WriteValue(VerbatimStringValue("mkd", text)) }, AppendVerbatimString(nil, "mkd", text)},
	} {
		for _, resp2 := range []bool{false, true} {
			if resp2 && c.name == "WriteBulkError" {
				continue // a simple error for RESP2: a line, with CR and LF replaced
			}
			rec := &recorder{}
			w := NewWriterSize(rec, size)
			w.RESP2 = resp2
			if err := w.WriteSimpleString("before"); err != nil {
				t.Fatal(err)
			}
			if err := c.write(w); err != nil {
				t.Fatal(err)
			}
			if err := w.WriteBulkString("after"); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if !resp2 {
				want := append(append([]byte("+before\r\n"), c.want...), "$5\r\nafter\r\n"...)
				if !bytes.Equal(rec.Bytes(), want) {
					t.Errorf("%s: wrote %d bytes, want %d; equal: false", c.name, rec.Len(), len(want))
				}
			}
			// The payload went straight to the io.Writer, in one Write
			// (a verbatim string's may carry its format), and nothing
			// else was larger than the buffer, which did not grow.
			whole := 0
			for _, n := range rec.sizes {
				switch {
				case n >= len(payload) && n <= len(payload)+4:
					whole++
				case n > size:
					t.Errorf("%s (RESP2 %v): a Write of %d bytes, larger than the buffer", c.name, resp2, n)
				}
			}
			if whole != 1 || len(rec.sizes) > 4 {
				t.Errorf("%s (RESP2 %v): Write calls %v: want the payload written whole, in few calls", c.name, resp2, rec.sizes)
			}
			if cap(w.buf) != size {
				t.Errorf("%s (RESP2 %v): buffer grew to %d", c.name, resp2, cap(w.buf))
			}
		}
	}

	// WriteBulkFrom copies through the buffer, in buffer-sized writes.
	rec := &recorder{}
	w := NewWriterSize(rec, size)
	src := bytes.NewReader(append(payload, "extra"...))
	if err := w.WriteBulkFrom(src, int64(len(payload))); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rec.Bytes(), AppendBulkString(nil, payload)) {
		t.Fatalf("WriteBulkFrom wrote %d bytes, not the bulk string", rec.Len())
	}
	if src.Len() != len("extra") {
		t.Errorf("WriteBulkFrom read %d bytes past n", len("extra")-src.Len())
	}
	for _, n := range rec.sizes {
		if n > size {
			t.Errorf("WriteBulkFrom: a Write of %d bytes", n)
		}
	}
	if len(rec.sizes) > 2*len(payload)/size+2 || cap(w.buf) != size {
		t.Errorf("WriteBulkFrom: %d writes, buffer %d", len(rec.sizes), cap(w.buf))
	}
	// Through a one-byte reader too.
	rec = &recorder{}
	w = NewWriterSize(rec, 64)
	if err := w.WriteBulkFrom(iotest.OneByteReader(bytes.NewReader(payload[:1000])), 1000); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil || !bytes.Equal(rec.Bytes(), AppendBulkString(nil, payload[:1000])) {
		t.Fatalf("WriteBulkFrom one byte at a time: %v", err)
	}
}

var errWrite = errors.New("write failed")

// failWriter accepts n bytes, then fails.
type failWriter struct {
	n     int
	err   error
	short bool // fail by a short count with no error
}

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return len(p), nil
	}
	n := f.n
	f.n = 0
	if f.short {
		return n, nil
	}
	return n, f.err
}

// TestWriterErrors: a write error is returned, by the call that met it or
// by Flush, and by every later call; nothing is swallowed.
func TestWriterErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		fw    *failWriter
		size  int
		write func(w *Writer) error
		want  error
	}{
		{"small writes", &failWriter{n: 100, err: errWrite}, 64, func(w *Writer) error { return w.WriteBulkString("0123456789012345678901234567890") }, errWrite},
		{"short write", &failWriter{n: 100, short: true}, 64, func(w *Writer) error { return w.WriteInteger(123456789) }, io.ErrShortWrite},
		{"large payload", &failWriter{n: 100, err: errWrite}, 64, func(w *Writer) error { return w.WriteBulk(bulkPattern(1000)) }, errWrite},
		{"large value", &failWriter{n: 100, err: errWrite}, 64, func(w *Writer) error { return w.WriteValue(ArrayValue(BytesValue(bulkPattern(1000)))) }, errWrite},
		{"bulk from", &failWriter{n: 100, err: errWrite}, 64, func(w *Writer) error { return w.WriteBulkFrom(bytes.NewReader(bulkPattern(1000)), 1000) }, errWrite},
		{"commands", &failWriter{n: 100, err: errWrite}, 64, func(w *Writer) error { return w.WriteCommand("SET", "key", "value") }, errWrite},
		{"headers", &failWriter{n: 10, err: errWrite}, 16, func(w *Writer) error { return w.WriteMapLen(100) }, errWrite},
	} {
		w := NewWriterSize(c.fw, c.size)
		var first error
		for range 50 {
			if err := c.write(w); err != nil {
				first = err
				break
			}
		}
		if first == nil {
			first = w.Flush()
		}
		if first != c.want {
			t.Errorf("%s: first error %v, want %v", c.name, first, c.want)
			continue
		}
		for _, tw := range typedWrites {
			if err := tw.write(w); err != c.want {
				t.Errorf("%s: after the error, %s = %v", c.name, tw.name, err)
			}
		}
		if err := w.WriteValue(Int64Value(1)); err != c.want {
			t.Errorf("%s: after the error, WriteValue = %v", c.name, err)
		}
		if err := w.Flush(); err != c.want {
			t.Errorf("%s: after the error, Flush = %v", c.name, err)
		}
	}
	// An error met only by Flush is returned by Flush.
	w := NewWriter(&failWriter{n: 3, err: errWrite})
	if err := w.WriteSimpleString("OK"); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != errWrite {
		t.Errorf("Flush = %v, want %v", err, errWrite)
	}
	if err := w.Flush(); err != errWrite {
		t.Errorf("second Flush = %v, want %v", err, errWrite)
	}
	// Reset clears the error and keeps RESP2.
	var buf bytes.Buffer
	w.RESP2 = true
	w.Reset(&buf)
	if w.Buffered() != 0 {
		t.Errorf("Buffered %d after Reset", w.Buffered())
	}
	if err := w.WriteBool(true); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil || buf.String() != ":1\r\n" {
		t.Errorf("after Reset: %q, %v", buf.String(), err)
	}
	// Reset discards what was buffered.
	w = NewWriter(&buf)
	buf.Reset()
	_ = w.WriteSimpleString("dropped")
	w.Reset(&buf)
	if err := w.Flush(); err != nil || buf.Len() != 0 {
		t.Errorf("Reset kept buffered bytes: %q", buf.String())
	}
}

func TestWriteBulkFromErrors(t *testing.T) {
	// A reader shorter than n breaks the stream: io.ErrUnexpectedEOF, sticky.
	for _, src := range []io.Reader{strings.NewReader("abc"), iotest.DataErrReader(strings.NewReader("abc")), iotest.OneByteReader(strings.NewReader("abc")), strings.NewReader("")} {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		if err := w.WriteBulkFrom(src, 5); err != io.ErrUnexpectedEOF {
			t.Errorf("short reader: %v, want io.ErrUnexpectedEOF", err)
		}
		if err := w.WriteInteger(1); err != io.ErrUnexpectedEOF {
			t.Errorf("after a short reader, WriteInteger = %v", err)
		}
		if err := w.Flush(); err != io.ErrUnexpectedEOF {
			t.Errorf("after a short reader, Flush = %v", err)
		}
		if strings.Contains(buf.String(), "\r\n:1") {
			t.Errorf("wrote after the broken bulk: %q", buf.String())
		}
	}
	// A read error is returned, and sticky.
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.WriteBulkFrom(iotest.ErrReader(errFlaky), 5); err != errFlaky {
		t.Errorf("failing reader: %v", err)
	}
	if err := w.WriteNull(); err != errFlaky {
		t.Errorf("after a failing reader: %v", err)
	}
	// A reader that never makes progress.
	w = NewWriter(&buf)
	if err := w.WriteBulkFrom(&zeroReader{}, 5); err != io.ErrNoProgress {
		t.Errorf("stalled reader: %v, want io.ErrNoProgress", err)
	}
	// A negative length is an error that writes nothing and breaks nothing.
	buf.Reset()
	w = NewWriter(&buf)
	if err := w.WriteBulkFrom(iotest.ErrReader(errFlaky), -1); err == nil {
		t.Error("negative length: no error")
	}
	if err := w.WriteInteger(1); err != nil {
		t.Errorf("after a negative length: %v", err)
	}
	if err := w.Flush(); err != nil || buf.String() != ":1\r\n" {
		t.Errorf("after a negative length: wrote %q, %v", buf.String(), err)
	}
	// Exactly n bytes, with EOF on the last read, is fine.
	buf.Reset()
	w = NewWriter(&buf)
	if err := w.WriteBulkFrom(iotest.DataErrReader(strings.NewReader("hello")), 5); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil || buf.String() != "$5\r\nhello\r\n" {
		t.Errorf("DataErrReader: %q, %v", buf.String(), err)
	}
}

// TestWriterAllocs: with a buffer of the capacity needed, WriteValue and
// every typed write allocate nothing (issue 2, item 7).
func TestWriterAllocs(t *testing.T) {
	values := make([]Value, 0, len(decodeCases)+len(sampleValues))
	for _, c := range decodeCases {
		v, _, err := Decode([]byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, v.Clone())
	}
	for _, c := range sampleValues {
		values = append(values, c.v)
	}
	large := BytesValue(bulkPattern(10000))
	values = append(values, large, ArrayValue(large))
	for _, resp2 := range []bool{false, true} {
		w := NewWriterSize(io.Discard, 512)
		w.RESP2 = resp2
		if n := testing.AllocsPerRun(50, func() {
			for _, v := range values {
				if err := w.WriteValue(v); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("WriteValue (RESP2 %v): %v allocations, want 0", resp2, n)
		}
		for _, c := range typedWrites {
			if strings.HasPrefix(c.name, "WriteBulkFrom") {
				continue // needs a fresh reader per call; below
			}
			if n := testing.AllocsPerRun(50, func() { _ = c.write(w) }); n != 0 {
				t.Errorf("%s (RESP2 %v): %v allocations, want 0", c.name, resp2, n)
			}
		}
		src := bytes.NewReader(bulkPattern(2000))
		if n := testing.AllocsPerRun(50, func() {
			src.Seek(0, io.SeekStart)
			_ = w.WriteBulkFrom(src, 2000)
		}); n != 0 {
			t.Errorf("WriteBulkFrom (RESP2 %v): %v allocations, want 0", resp2, n)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
}
