package resp_test

// Fuzz targets (go test -fuzz). Seed corpora, which cover every type and
// every error class, and every crasher found so far, are in
// testdata/fuzz/<FuzzName>/; plain `go test` runs them all. Long sessions:
// ./fuzz.sh.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/respkit/resp"
)

// sentinels are the classes a *resp.ProtocolError may wrap.
var sentinels = []error{resp.ErrUnknownType, resp.ErrInvalidLength, resp.ErrInvalidInteger,
	resp.ErrInvalidDouble, resp.ErrInvalidBigNumber, resp.ErrInvalidBoolean, resp.ErrInvalidNull,
	resp.ErrInvalidVerbatim, resp.ErrInvalidLine, resp.ErrMissingCRLF, resp.ErrInvalidStream,
	resp.ErrInvalidCommand, resp.ErrBulkTooLong, resp.ErrTooManyElements, resp.ErrTooDeep,
	resp.ErrLineTooLong}

var limitErrors = []error{resp.ErrBulkTooLong, resp.ErrTooManyElements, resp.ErrTooDeep, resp.ErrLineTooLong}

// A fuzzSource reads data in pieces whose sizes derive from a seed: one
// byte at a time, up to 8 bytes, up to all that is left, or all at once,
// with empty reads in between (never two in a row), and the last piece
// returned with io.EOF or followed by it.
type fuzzSource struct {
	data  []byte
	rng   uint64
	mode  uint64
	empty bool
	eof   bool // return io.EOF with the last bytes
}

func newFuzzSource(data []byte, seed uint64) *fuzzSource {
	return &fuzzSource{data: data, rng: seed, mode: seed & 3, eof: seed&4 != 0}
}

func (s *fuzzSource) next() uint64 { // splitmix64
	s.rng += 0x9e3779b97f4a7c15
	z := s.rng
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (s *fuzzSource) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	if !s.empty && s.next()%8 == 0 {
		s.empty = true
		return 0, nil
	}
	s.empty = false
	n := len(s.data)
	switch s.mode {
	case 0:
		n = 1
	case 1:
		n = 1 + int(s.next()%8)
	case 2:
		n = 1 + int(s.next()%uint64(len(s.data)))
	}
	n = copy(p, s.data[:min(n, len(s.data))])
	s.data = s.data[n:]
	if len(s.data) == 0 && s.eof {
		return n, io.EOF
	}
	return n, nil
}

// readerSize derives a Reader buffer size, 16 to 2048 bytes, from a seed.
func readerSize(seed uint64) int { return 16 << (seed >> 3 & 7) }

// fuzzLimits derives small Limits from a seed, or none.
func fuzzLimits(seed uint64) (resp.Limits, bool) {
	if seed&(1<<6) == 0 {
		return resp.Limits{}, false
	}
	return resp.Limits{
		MaxDepth:    1 + int(seed>>8%4),
		MaxElements: 1 + int(seed>>10%4),
		MaxBulkLen:  1 + int(seed>>12%16),
		MaxLineLen:  1 + int(seed>>16%16),
	}, true
}

// An outcome is the result of one read from a stream: a value (or command)
// and the stream offset after it, or a final error: io.EOF at a clean end,
// resp.ErrIncomplete, or a *resp.ProtocolError with its stream offset.
type outcome struct {
	v    resp.Value
	args [][]byte
	end  int
	err  error
}

// checkErr checks that err, from decoding src, is ErrIncomplete or a
// *ProtocolError of a known class whose offset lies inside src, and
// returns it with the offset made absolute by adding base.
func checkErr(t *testing.T, err error, src []byte, base int) error {
	t.Helper()
	if errors.Is(err, resp.ErrIncomplete) {
		return resp.ErrIncomplete
	}
	var pe *resp.ProtocolError
	if !errors.As(err, &pe) {
		t.Fatalf("decoding %s: error %v is neither ErrIncomplete nor a *ProtocolError", brief(src), err)
	}
	if pe.Offset < 0 || pe.Offset >= int64(len(src)) {
		t.Fatalf("decoding %s (%d bytes): %v: offset outside the input", brief(src), len(src), err)
	}
	if !oneOf(pe.Err, sentinels) {
		t.Fatalf("decoding %s: %v: unknown class %v", brief(src), err, pe.Err)
	}
	return &resp.ProtocolError{Offset: pe.Offset + int64(base), Err: pe.Err}
}

// sameErr reports whether a Reader's error matches a decoder's final
// outcome: the same class and offset, io.ErrUnexpectedEOF for
// ErrIncomplete, io.EOF for io.EOF.
func sameErr(got, want error) bool {
	var gp, wp *resp.ProtocolError
	switch {
	case errors.As(want, &wp):
		return errors.As(got, &gp) && gp.Err == wp.Err && gp.Offset == wp.Offset
	case want == resp.ErrIncomplete:
		return got == io.ErrUnexpectedEOF
	}
	return got == want
}

// sameOutcomes fails unless got, the outcomes of decoding data in the way
// named what, are want: the same values or commands, ending at the same
// bytes, and the same errors at the same offsets. It is the oracle that
// holds the fast paths of the grammar to its general path.
func sameOutcomes(t *testing.T, data []byte, what string, got, want []outcome) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %s gives %d outcomes, want %d", brief(data), what, len(got), len(want))
	}
	for i, g := range got {
		w := want[i]
		var gp, wp *resp.ProtocolError
		sameErr := g.err == w.err || errors.As(g.err, &gp) && errors.As(w.err, &wp) && gp.Err == wp.Err && gp.Offset == wp.Offset
		if g.end != w.end || !g.v.Equal(w.v) || !slices.EqualFunc(g.args, w.args, bytes.Equal) || !sameErr {
			t.Fatalf("%s: %s: outcome %d is %s %q, %d, %v; want %s %q, %d, %v", brief(data), what, i, briefV(g.v), g.args, g.end, g.err, briefV(w.v), w.args, w.end, w.err)
		}
	}
}

// decodeStream decodes the values of data one after another with dec,
// checking each, until an error or the end.
func decodeStream(t *testing.T, data []byte, dec *resp.Decoder, check bool) []outcome {
	var outs []outcome
	for off := 0; ; {
		if off == len(data) {
			return append(outs, outcome{end: off, err: io.EOF})
		}
		src := data[off:]
		v, n, err := dec.Decode(src)
		if check {
			// The package's Decode agrees with the reused Decoder.
			pv, pn, perr := resp.Decode(src)
			if pn != n || !v.Equal(pv) || (err == nil) != (perr == nil) || err != nil && err.Error() != perr.Error() {
				t.Fatalf("at %d: Decoder.Decode = %s, %d, %v; Decode = %s, %d, %v", off, briefV(v), n, err, briefV(pv), pn, perr)
			}
		}
		if err != nil {
			return append(outs, outcome{end: off, err: checkErr(t, err, src, off)})
		}
		if n <= 0 || n > len(src) {
			t.Fatalf("at %d: Decode took %d of %d bytes", off, n, len(src))
		}
		if check {
			checkValue(t, v, src[:n])
		}
		off += n
		outs = append(outs, outcome{v: v.Clone(), end: off})
	}
}

// checkValue checks a value decoded from wire: it re-encodes (AppendValue,
// a Writer, Clone) to bytes that decode to an Equal value and re-encode
// identically, to wire itself when wire holds no streamed value, and
// downgrades for RESP2 to what Redis would send.
func checkValue(t *testing.T, v resp.Value, wire []byte) {
	t.Helper()
	enc := resp.AppendValue(nil, v)
	v2, n, err := resp.Decode(enc)
	if err != nil || n != len(enc) || !v2.Equal(v) {
		t.Fatalf("%s decodes to %s, re-encodes as %s, which decodes to %s, n %d, %v", brief(wire), briefV(v), brief(enc), briefV(v2), n, err)
	}
	if re := resp.AppendValue(nil, v2); !bytes.Equal(re, enc) {
		t.Fatalf("%s re-encodes as %s, then as %s", brief(wire), brief(enc), brief(re))
	}
	if _, streamed := wireScan(wire); !streamed && !bytes.Equal(enc, wire) {
		t.Fatalf("%s re-encodes as %s", brief(wire), brief(enc))
	}
	if c := v.Clone(); !c.Equal(v) || !bytes.Equal(resp.AppendValue(nil, c), enc) {
		t.Fatalf("Clone of %s differs", brief(wire))
	}
	var out bytes.Buffer
	w := resp.NewWriterSize(&out, 16)
	if err := w.WriteValue(v); err != nil || w.Flush() != nil || !bytes.Equal(out.Bytes(), enc) {
		t.Fatalf("Writer wrote %s for %s, AppendValue %s (%v)", brief(out.Bytes()), brief(wire), brief(enc), err)
	}
	enc2 := resp.AppendValueRESP2(nil, v)
	if bad := nonRESP2Types(enc2); bad != "" {
		t.Fatalf("RESP2 form %s of %s holds RESP3 types %q", brief(enc2), brief(wire), bad)
	}
	got2, n, err := resp.Decode(enc2)
	if want := downgrade(v); err != nil || n != len(enc2) || !got2.Equal(want) {
		t.Fatalf("RESP2 form %s of %s decodes to %s, n %d, %v; want %s", brief(enc2), brief(wire), briefV(got2), n, err, briefV(want))
	}
	checkNumbers(t, v)
	_ = v.String()
}

// checkNumbers checks the doubles and big numbers in v (and in its
// attributes) against strconv.ParseFloat and math/big reading their text.
func checkNumbers(t *testing.T, v resp.Value) {
	t.Helper()
	if a, ok := v.Attributes(); ok {
		checkNumbers(t, a)
	}
	for _, e := range v.Elems() {
		checkNumbers(t, e)
	}
	switch v.Kind() {
	case resp.KindDouble:
		text := string(v.Bytes())
		want, err := strconv.ParseFloat(text, 64)
		switch text {
		case "nan", "-nan":
			want = math.NaN()
		case "inf":
			want = math.Inf(1)
		case "-inf":
			want = math.Inf(-1)
		default:
			if err != nil && !errors.Is(err, strconv.ErrRange) {
				t.Fatalf("double %q accepted; ParseFloat: %v", text, err)
			}
		}
		if got := v.Float64(); math.Float64bits(got) != math.Float64bits(want) && !(got != got && want != want) {
			t.Fatalf("double %q = %v, ParseFloat %v", text, got, want)
		}
	case resp.KindBigNumber:
		text := string(v.Bytes())
		want, ok := new(big.Int).SetString(text, 10)
		if !ok || v.BigInt().Cmp(want) != 0 {
			t.Fatalf("big number %q = %v, math/big %v", text, v.BigInt(), want)
		}
	}
}

// downgrade is what Redis sends a RESP2 client for v: maps as flat arrays,
// sets and pushes as arrays, nulls as $-1 (*-1 if they came so), booleans
// as 1 and 0, doubles and big numbers as bulk strings of their text,
// verbatim strings as bulk strings of their text without the format, bulk
// errors as simple errors, no attributes.
func downgrade(v resp.Value) resp.Value {
	switch v.Kind() {
	case resp.KindSimpleString:
		return resp.SimpleStringValue(string(v.Bytes()))
	case resp.KindSimpleError, resp.KindBulkError:
		return resp.ErrorValue(lineText(string(v.Bytes())))
	case resp.KindInteger:
		return resp.Int64Value(v.Int64())
	case resp.KindBoolean:
		if v.Bool() {
			return resp.Int64Value(1)
		}
		return resp.Int64Value(0)
	case resp.KindBulkString, resp.KindDouble, resp.KindBigNumber, resp.KindVerbatimString:
		return resp.StringValue(string(v.Bytes()))
	case resp.KindNull:
		if v.NullKind() == resp.KindArray {
			return resp.NullArrayValue()
		}
		return resp.NullBulkStringValue()
	}
	var elems []resp.Value
	for _, e := range v.Elems() {
		elems = append(elems, downgrade(e))
	}
	return resp.ArrayValue(elems...)
}

// checkPrefixes checks that every prefix of data (all of them for short
// inputs, a sample for long ones) decodes as incomplete up to the end of
// the first value (or up to the byte at the first error's offset), and to
// the same value or error after it.
func checkPrefixes(t *testing.T, data []byte, first outcome, seed uint64) {
	boundary := first.end // the prefix length from which the outcome shows
	var pe *resp.ProtocolError
	if errors.As(first.err, &pe) {
		boundary = int(pe.Offset) + 1
	} else if first.err != nil {
		return // incomplete: checked below for every prefix anyway
	}
	ks := []int{0, boundary - 1, boundary, len(data) - 1}
	if len(data) <= 64 {
		ks = ks[:0]
		for k := range len(data) {
			ks = append(ks, k)
		}
	} else {
		s := newFuzzSource(nil, seed)
		for range 16 {
			ks = append(ks, int(s.next()%uint64(len(data))))
		}
	}
	for _, k := range ks {
		if k < 0 || k >= len(data) {
			continue
		}
		v, n, err := resp.Decode(data[:k])
		switch {
		case k < boundary || first.err == resp.ErrIncomplete:
			if !errors.Is(err, resp.ErrIncomplete) {
				t.Fatalf("prefix %s of %s: %v, want ErrIncomplete", brief(data[:k]), brief(data), err)
			}
		case first.err == nil:
			if err != nil || n != first.end || !v.Equal(first.v) {
				t.Fatalf("prefix %s of %s: %s, %d, %v; want %s, %d", brief(data[:k]), brief(data), briefV(v), n, err, briefV(first.v), first.end)
			}
		default:
			if !errors.Is(err, resp.ErrIncomplete) && !sameErr(checkErr(t, err, data[:k], 0), first.err) {
				t.Fatalf("prefix %s of %s: %v, want ErrIncomplete or %v", brief(data[:k]), brief(data), err, first.err)
			}
		}
	}
}

// checkResume feeds one Decoder longer and longer prefixes of data (the
// same memory, as a caller that appends what arrives), in steps chosen by
// seed, and checks that the first call that does not return ErrIncomplete
// gives first, the outcome of decoding data at once: the value (or
// command) and its end, or the error.
func checkResume(t *testing.T, data []byte, seed uint64, first outcome, cmd bool) {
	dec := resp.Decoder{Resume: true}
	steps := newFuzzSource(nil, seed>>1)
	for k := 0; ; {
		var v resp.Value
		var args [][]byte
		var n int
		var err error
		if cmd {
			args, n, err = dec.DecodeCommand(data[:k])
		} else {
			v, n, err = dec.Decode(data[:k])
		}
		if errors.Is(err, resp.ErrIncomplete) && k < len(data) {
			k = min(len(data), k+1+int(steps.next()%uint64(1+len(data)/4)))
			continue
		}
		switch {
		case err != nil:
			if first.err == io.EOF && errors.Is(err, resp.ErrIncomplete) || sameErr(readerErr(checkErr(t, err, data[:k], 0)), readerErr(first.err)) {
				return
			}
		case first.err == nil && n == first.end && v.Equal(first.v) && sameArgs(args, first.args):
			return
		}
		t.Fatalf("%s: resumed up to %d bytes: %s %q, %d, %v; at once: %s %q, %d, %v", brief(data), k, briefV(v), args, n, err, briefV(first.v), first.args, first.end, first.err)
	}
}

// readStream reads data through a Reader over a fuzzSource and checks that
// every read matches outs. With bulk set, it reads with ReadBulkStream
// where the seed says so, and reads bulk payloads in full, through WriteTo,
// or in part.
func readStream(t *testing.T, data []byte, seed uint64, lim resp.Limits, outs []outcome, bulk bool) {
	r := resp.NewReaderSize(newFuzzSource(data, seed), readerSize(seed))
	r.Limits = lim
	pick := newFuzzSource(nil, ^seed)
	for i, o := range outs {
		var v resp.Value
		var body *resp.BulkReader
		var err error
		partial := false
		if bulk && pick.next()%2 == 0 {
			v, body, err = r.ReadBulkStream()
		} else {
			v, err = r.ReadValue()
		}
		if err == nil && body != nil {
			if o.err == nil && (o.v.Kind() != resp.KindBulkString || o.v.IsNull() || hasAttrs(o.v)) {
				t.Fatalf("read %d: ReadBulkStream gave a body for %s", i, briefV(o.v))
			}
			var payload []byte
			payload, partial, err = readBody(body, pick.next())
			if o.err == nil {
				want := o.v.Bytes()
				if partial {
					want = want[:min(len(want), len(payload))]
				}
				if err != nil || !bytes.Equal(payload, want) {
					t.Fatalf("read %d: body %s, %v; want %s", i, brief(payload), err, brief(want))
				}
				if size := body.Size(); size != -1 && size != int64(len(o.v.Bytes())) {
					t.Fatalf("read %d: body Size %d, payload %d bytes", i, size, len(o.v.Bytes()))
				}
				if partial {
					continue // the next read discards the rest
				}
			} else if partial && err == nil {
				_, err = r.ReadValue() // discarding the rest meets the error
			}
		}
		if o.err != nil {
			if !sameErr(err, o.err) {
				t.Fatalf("read %d of %s: Reader: %v; Decode: %v", i, brief(data), err, o.err)
			}
			if _, again := r.ReadValue(); !sameErr(again, o.err) {
				t.Fatalf("read %d: error not sticky: %v, then %v", i, err, again)
			}
			return
		}
		if err != nil {
			t.Fatalf("read %d of %s: Reader: %v; Decode: %s", i, brief(data), err, briefV(o.v))
		}
		if body == nil && !v.Equal(o.v) {
			t.Fatalf("read %d of %s: Reader: %s; Decode: %s", i, brief(data), briefV(v), briefV(o.v))
		}
		if got := r.InputOffset(); got != int64(o.end) {
			t.Fatalf("read %d of %s: InputOffset %d, want %d", i, brief(data), got, o.end)
		}
	}
}

func hasAttrs(v resp.Value) bool {
	_, ok := v.Attributes()
	return ok
}

// readBody reads a bulk payload whole (io.ReadAll or WriteTo) or, in
// part, up to a few bytes; pick chooses.
func readBody(body *resp.BulkReader, pick uint64) (payload []byte, partial bool, err error) {
	switch pick % 3 {
	case 0:
		payload, err = io.ReadAll(body)
	case 1:
		var out bytes.Buffer
		_, err = body.WriteTo(&out)
		payload = out.Bytes()
	default:
		p := make([]byte, 1+pick>>8%8)
		n, rerr := body.Read(p)
		if rerr != nil && rerr != io.EOF {
			err = rerr
		}
		payload, partial = p[:n], rerr != io.EOF
	}
	return payload, partial, err
}

// baited returns a copy of data followed in memory, past its end, by CRLFs
// (by an LF first if data ends in CR): a fast path that reads past the end
// of its input then finds the CRLF it looks for, and takes more bytes than
// there are (or disagrees with the general path), whatever the fuzzer's
// buffer held after data.
func baited(data []byte) []byte {
	bait := strings.Repeat("\r\n", 8)
	if bytes.HasSuffix(data, []byte("\r")) {
		bait = bait[1:]
	}
	b := make([]byte, len(data), len(data)+len(bait))
	copy(b, data)
	copy(b[len(data):cap(b)], bait)
	return b
}

// FuzzDecode decodes arbitrary bytes as a stream of values with Decode, a
// reused Decoder and a Reader fed in pieces chosen by seed (and, when the
// seed says so, with small Limits), and checks that they agree on every
// value, offset and error, that errors are typed with offsets inside the
// input, that every prefix is incomplete up to the first outcome, and that
// accepted values re-encode as they came.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		data = baited(data)
		var dec resp.Decoder
		outs := decodeStream(t, data, &dec, true)
		general := new(resp.Decoder)
		resp.GeneralOnly(general)
		sameOutcomes(t, data, "general path", decodeStream(t, data, general, false), outs)
		checkPrefixes(t, data, outs[0], seed)
		checkResume(t, data, seed, outs[0], false)
		readStream(t, data, seed, resp.Limits{}, outs, true)

		lim, ok := fuzzLimits(seed)
		if !ok {
			return
		}
		limited := decodeStream(t, data, &resp.Decoder{Limits: lim}, false)
		for i, o := range limited {
			var pe *resp.ProtocolError
			if errors.As(o.err, &pe) && oneOf(pe.Err, limitErrors) {
				break // a limit may stop what the defaults accept
			}
			if d := outs[i]; o.end != d.end || !o.v.Equal(d.v) || (o.err == nil) != (d.err == nil) || o.err != nil && !sameErr(readerErr(o.err), d.err) {
				t.Fatalf("%s: with %+v outcome %d is %s, %d, %v; with the defaults %s, %d, %v", brief(data), lim, i, briefV(o.v), o.end, o.err, briefV(d.v), d.end, d.err)
			}
		}
		readStream(t, data, seed, lim, limited, false)
	})
}

// readerErr turns a decoder's final error into what a Reader returns.
func readerErr(err error) error {
	if err == resp.ErrIncomplete {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ping is a command appended to what is left of a stream to tell whether
// it holds only empty commands; it is within the smallest fuzzLimits.
var ping = []byte("*1\r\n$1\r\nP\r\n")

// decodeCommands decodes the commands of data one after another with dec,
// checking each, until an error or the end. At the end, the final outcome
// is io.EOF if only empty commands were left, else ErrIncomplete.
func decodeCommands(t *testing.T, data []byte, dec *resp.Decoder, check bool) []outcome {
	var outs []outcome
	for off := 0; ; {
		src := data[off:]
		args, n, err := dec.DecodeCommand(src)
		if errors.Is(err, resp.ErrIncomplete) {
			// Only empty commands left, exactly when a command after them
			// is read as it is.
			probe := append(bytes.Clone(src), ping...)
			pargs, pn, perr := dec.DecodeCommand(probe)
			if perr == nil && pn == len(probe) && len(pargs) == 1 && string(pargs[0]) == "P" {
				return append(outs, outcome{end: len(data), err: io.EOF})
			}
			return append(outs, outcome{end: off, err: resp.ErrIncomplete})
		}
		if err != nil {
			return append(outs, outcome{end: off, err: checkErr(t, err, src, off)})
		}
		if n <= 0 || n > len(src) || len(args) == 0 {
			t.Fatalf("at %d: DecodeCommand took %d of %d bytes, %d args", off, n, len(src), len(args))
		}
		args = cloneArgs(args)
		if check {
			checkCommand(t, args, src, n)
		}
		off += n
		outs = append(outs, outcome{args: args, end: off})
	}
}

func cloneArgs(args [][]byte) [][]byte {
	c := make([][]byte, len(args))
	for i, a := range args {
		c[i] = bytes.Clone(a)
	}
	return c
}

func sameArgs(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// checkCommand checks a command decoded from src[:n]: it re-encodes to a
// multibulk that decodes to the same arguments; a multibulk command is what
// Decode reads as an array of bulk strings, and the other way round; an
// inline command is split as Redis's sdssplitargs splits it.
func checkCommand(t *testing.T, args [][]byte, src []byte, n int) {
	t.Helper()
	enc := resp.AppendCommand(nil, args...)
	if a, m, err := new(resp.Decoder).DecodeCommand(enc); err != nil || m != len(enc) || !sameArgs(a, args) {
		t.Fatalf("%q re-encoded as %s reads as %q, %d, %v", args, brief(enc), a, m, err)
	}
	v, vn, verr := resp.Decode(src)
	if bytes.Equal(enc, src[:n]) {
		if verr != nil || vn != n || !v.Equal(bulkArray(args)) {
			t.Fatalf("command %s: Decode reads %s, %d, %v", brief(src[:n]), briefV(v), vn, verr)
		}
	} else if verr == nil && v.Equal(bulkArray(argsOf(v))) && len(v.Elems()) > 0 {
		if _, streamed := wireScan(src[:vn]); !streamed {
			t.Fatalf("%s: Decode reads the command %s (%d bytes), DecodeCommand %q (%d bytes)", brief(src), briefV(v), vn, args, n)
		}
	}
	if src[0] != '*' {
		if want, m, ok := splitInline(src); ok && (m != n || !sameArgs(want, args)) {
			t.Fatalf("inline %s: DecodeCommand %q (%d bytes); sdssplitargs %q (%d bytes)", brief(src), args, n, want, m)
		}
	}
}

// bulkArray is the array of bulk strings args.
func bulkArray(args [][]byte) resp.Value {
	vs := make([]resp.Value, len(args))
	for i, a := range args {
		vs[i] = resp.BytesValue(a)
	}
	return resp.ArrayValue(vs...)
}

// argsOf returns the payloads of the bulk strings among v's elements.
func argsOf(v resp.Value) [][]byte {
	var args [][]byte
	for _, e := range v.Elems() {
		if e.Kind() == resp.KindBulkString {
			args = append(args, e.Bytes())
		}
	}
	return args
}

// splitInline reads the inline command at the start of src as Redis does:
// lines up to LF (one CR before it dropped) split by sdssplitargs, which
// reads the line as a C string; blank lines are skipped. It returns the
// arguments and the bytes they took; ok is false where it cannot tell (a
// multibulk after blank lines, no LF yet, a line over 64 KiB, unbalanced
// quotes, which the caller sees as errors).
func splitInline(src []byte) (args [][]byte, n int, ok bool) {
	for n < len(src) && src[n] != '*' {
		lf := bytes.IndexByte(src[n:], '\n')
		if lf < 0 || lf > resp.DefaultMaxLineLen {
			return nil, 0, false
		}
		line := src[n : n+lf]
		n += lf + 1
		line = bytes.TrimSuffix(line, []byte("\r"))
		if args, ok = sdssplitargs(line); !ok || len(args) > 0 {
			return args, n, ok
		}
	}
	return nil, 0, false
}

// sdssplitargs is Redis's sdssplitargs (src/sds.c), written over a byte
// slice read as a NUL-terminated string.
func sdssplitargs(line []byte) ([][]byte, bool) {
	at := func(i int) byte {
		if i < len(line) {
			return line[i]
		}
		return 0
	}
	isspace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' }
	ishex := func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }
	hexval := func(c byte) byte { return byte(strings.IndexByte("0123456789abcdef", c|0x20)) }
	var args [][]byte
	p := 0
	for {
		for at(p) != 0 && isspace(at(p)) {
			p++
		}
		if at(p) == 0 {
			return args, true
		}
		inq, insq, done := false, false, false
		cur := []byte{}
		for !done {
			switch {
			case inq:
				switch {
				case at(p) == '\\' && at(p+1) == 'x' && ishex(at(p+2)) && ishex(at(p+3)):
					cur = append(cur, hexval(at(p+2))*16+hexval(at(p+3)))
					p += 3
				case at(p) == '\\' && at(p+1) != 0:
					p++
					c := at(p)
					switch c {
					case 'n':
						c = '\n'
					case 'r':
						c = '\r'
					case 't':
						c = '\t'
					case 'b':
						c = '\b'
					case 'a':
						c = '\a'
					}
					cur = append(cur, c)
				case at(p) == '"':
					if at(p+1) != 0 && !isspace(at(p+1)) {
						return nil, false
					}
					done = true
				case at(p) == 0:
					return nil, false
				default:
					cur = append(cur, at(p))
				}
			case insq:
				switch {
				case at(p) == '\\' && at(p+1) == '\'':
					p++
					cur = append(cur, '\'')
				case at(p) == '\'':
					if at(p+1) != 0 && !isspace(at(p+1)) {
						return nil, false
					}
					done = true
				case at(p) == 0:
					return nil, false
				default:
					cur = append(cur, at(p))
				}
			default:
				switch at(p) {
				case ' ', '\n', '\r', '\t', 0:
					done = true
				case '"':
					inq = true
				case '\'':
					insq = true
				default:
					cur = append(cur, at(p))
				}
			}
			if at(p) != 0 {
				p++
			}
		}
		args = append(args, cur)
	}
}

// readCommands reads data with ReadCommand through a Reader over a
// fuzzSource and checks that every read matches outs.
func readCommands(t *testing.T, data []byte, seed uint64, lim resp.Limits, outs []outcome) {
	r := resp.NewReaderSize(newFuzzSource(data, seed), readerSize(seed))
	r.Limits = lim
	for i, o := range outs {
		args, err := r.ReadCommand()
		if o.err != nil {
			if !sameErr(err, o.err) {
				t.Fatalf("command %d of %s: Reader: %v; DecodeCommand: %v", i, brief(data), err, o.err)
			}
			if _, again := r.ReadCommand(); !sameErr(again, o.err) {
				t.Fatalf("command %d: error not sticky: %v, then %v", i, err, again)
			}
			return
		}
		if err != nil || !sameArgs(args, o.args) {
			t.Fatalf("command %d of %s: Reader: %q, %v; DecodeCommand: %q", i, brief(data), args, err, o.args)
		}
		if got := r.InputOffset(); got != int64(o.end) {
			t.Fatalf("command %d of %s: InputOffset %d, want %d", i, brief(data), got, o.end)
		}
	}
}

// FuzzReadCommand reads arbitrary bytes as commands with a Decoder and
// with a Reader fed in pieces chosen by seed (with small Limits too, when
// the seed says so), and checks that they agree on every command, offset
// and error, that errors are typed with offsets inside the input, and that
// commands agree with Decode (multibulk) and sdssplitargs (inline).
func FuzzReadCommand(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		data = baited(data)
		outs := decodeCommands(t, data, new(resp.Decoder), true)
		general := new(resp.Decoder)
		resp.GeneralOnly(general)
		sameOutcomes(t, data, "general path", decodeCommands(t, data, general, false), outs)
		checkResume(t, data, seed, outs[0], true)
		readCommands(t, data, seed, resp.Limits{}, outs)
		if lim, ok := fuzzLimits(seed); ok {
			readCommands(t, data, seed, lim, decodeCommands(t, data, &resp.Decoder{Limits: lim}, false))
		}
	})
}

// A fuzzBuilder builds models from fuzzer bytes (zeros once they run out).
type fuzzBuilder struct{ b []byte }

func (f *fuzzBuilder) byte() byte {
	if len(f.b) == 0 {
		return 0
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c
}

func (f *fuzzBuilder) uint64() uint64 {
	var b [8]byte
	for i := range b {
		b[i] = f.byte()
	}
	return binary.BigEndian.Uint64(b[:])
}

// text takes a length byte (from 240 up, 400 to 6400 bytes: more than the
// largest Writer buffer) and that many bytes, padded with CR, LF and UTF-8
// when the input runs out.
func (f *fuzzBuilder) text() string {
	n := int(f.byte())
	if n >= 240 {
		n = (n - 239) * 400
	}
	t := make([]byte, 0, n)
	t = append(t, f.b[:min(n, len(f.b))]...)
	f.b = f.b[len(t):]
	for len(t) < n {
		t = append(t, poem[:min(n-len(t), len(poem))]...)
	}
	return string(t)
}

var fuzzKinds = []resp.Kind{resp.KindSimpleString, resp.KindSimpleError, resp.KindInteger,
	resp.KindBulkString, resp.KindArray, resp.KindNull, resp.KindBoolean, resp.KindDouble,
	resp.KindBigNumber, resp.KindBulkError, resp.KindVerbatimString, resp.KindMap, resp.KindSet,
	resp.KindPush}

// model builds a value: a kind byte (its high bits asking for attributes),
// then what the kind needs.
func (f *fuzzBuilder) model(depth int) model {
	c := f.byte()
	m := model{kind: fuzzKinds[int(c)%len(fuzzKinds)]}
	switch m.kind {
	case resp.KindSimpleString, resp.KindSimpleError, resp.KindBulkString, resp.KindBulkError:
		m.text = f.text()
	case resp.KindVerbatimString:
		m.format = strings.ReplaceAll(string([]byte{f.byte(), f.byte(), f.byte()}), ":", ";")
		m.text = f.text()
	case resp.KindInteger:
		m.num = int64(f.uint64())
	case resp.KindBoolean:
		m.num = int64(f.byte() & 1)
	case resp.KindNull:
		m.null = []resp.Kind{resp.KindNull, resp.KindBulkString, resp.KindArray}[f.byte()%3]
	case resp.KindDouble:
		m.f = math.Float64frombits(f.uint64())
	case resp.KindBigNumber:
		d := []byte(f.text())
		for i := range d {
			d[i] = '0' + d[i]%10
		}
		m.text = strings.TrimLeft(string(d), "0")
		if m.text == "" {
			m.text = "0"
		} else if c&1 != 0 {
			m.text = "-" + m.text
		}
	default:
		n := int(f.byte() % 5)
		if depth >= 6 {
			n = 0
		}
		if m.kind == resp.KindMap {
			n *= 2
		}
		for range n {
			m.elems = append(m.elems, f.model(depth+1))
		}
	}
	if c >= 0xc0 && depth < 6 {
		a := f.attrs(depth + 1)
		m.attrs = &a
	}
	return m
}

func (f *fuzzBuilder) attrs(depth int) model {
	c := f.byte()
	a := model{kind: resp.KindMap}
	for range 2 * int(c%3) {
		a.elems = append(a.elems, f.model(depth))
	}
	if c >= 0xf0 && depth < 6 {
		b := f.attrs(depth + 1)
		a.attrs = &b
	}
	return a
}

// FuzzWriter builds values of every kind from the fuzzer's bytes, writes
// them with a Writer (WriteValue and the typed writes; RESP3 and RESP2,
// the buffer size from the first byte) and checks the bytes against
// AppendValue and AppendValueRESP2, and what a Reader reads back against
// the values (RESP3) and Redis's downgrade of them (RESP2), which contains
// no RESP3 type.
func FuzzWriter(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &fuzzBuilder{b: data}
		size := 16 << (b.byte() % 9)
		ms := make([]model, 1+b.byte()%4)
		for i := range ms {
			ms[i] = b.model(0)
		}
		checkWriter(t, ms, false, size)
		checkWriter(t, ms, true, size)
	})
}

// TestFuzzCorpus checks the claim of the seed corpora: together they hold
// every kind of value (and attributes, and streamed values) and every class
// of error.
func TestFuzzCorpus(t *testing.T) {
	kinds := map[resp.Kind]bool{}
	classes := map[error]bool{}
	attrs, streamed := false, false
	var walk func(v resp.Value)
	walk = func(v resp.Value) {
		kinds[v.Kind()] = true
		if a, ok := v.Attributes(); ok {
			attrs = true
			walk(a)
		}
		for _, e := range v.Elems() {
			walk(e)
		}
	}
	note := func(err error) {
		var pe *resp.ProtocolError
		if errors.As(err, &pe) {
			classes[pe.Err] = true
		}
	}
	for _, target := range []string{"FuzzDecode", "FuzzReadCommand"} {
		for _, args := range readCorpus(t, target) {
			data, seed := args[0].([]byte), args[1].(uint64)
			lim, _ := fuzzLimits(seed)
			dec := resp.Decoder{Limits: lim}
			for off := 0; off < len(data); {
				var n int
				var err error
				if target == "FuzzDecode" {
					var v resp.Value
					if v, n, err = dec.Decode(data[off:]); err == nil {
						walk(v)
						_, s := wireScan(data[off : off+n])
						streamed = streamed || s
					}
				} else {
					_, n, err = dec.DecodeCommand(data[off:])
				}
				if err != nil {
					note(err)
					break
				}
				off += n
			}
		}
	}
	for _, k := range fuzzKinds {
		if !kinds[k] {
			t.Errorf("no value of kind %v in the corpora", k)
		}
	}
	for _, e := range sentinels {
		if !classes[e] {
			t.Errorf("no error of class %q in the corpora", e)
		}
	}
	if !attrs || !streamed {
		t.Errorf("attributes in the corpora: %v; streamed values: %v", attrs, streamed)
	}
}

// readCorpus reads the corpus files of a fuzz target (go test fuzz v1: one
// Go literal a line, []byte("…") or uint64(…)).
func readCorpus(t *testing.T, target string) map[string][]any {
	dir := filepath.Join("testdata", "fuzz", target)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	corpus := map[string][]any{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if lines[0] != "go test fuzz v1" {
			t.Fatalf("%s: not a corpus file", e.Name())
		}
		var args []any
		for _, l := range lines[1:] {
			switch {
			case strings.HasPrefix(l, "[]byte(") && strings.HasSuffix(l, ")"):
				s, err := strconv.Unquote(l[len("[]byte(") : len(l)-1])
				if err != nil {
					t.Fatalf("%s: %q: %v", e.Name(), l, err)
				}
				args = append(args, []byte(s))
			case strings.HasPrefix(l, "uint64(") && strings.HasSuffix(l, ")"):
				n, err := strconv.ParseUint(l[len("uint64("):len(l)-1], 0, 64)
				if err != nil {
					t.Fatalf("%s: %q: %v", e.Name(), l, err)
				}
				args = append(args, n)
			default:
				t.Fatalf("%s: unexpected line %q", e.Name(), l)
			}
		}
		corpus[e.Name()] = args
	}
	return corpus
}
