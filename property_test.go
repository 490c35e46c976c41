package resp_test

// Property tests (pgregory.net/rapid). Values are generated as models, a
// description of a RESP value that the tests encode themselves (sized or
// streamed, with Redis-style double texts) and from which they compute,
// without the package, the Value that decoding must give in RESP3 and what a
// RESP2 peer must receive. Run more cases with -rapid.checks=10000.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/respkit/resp"
)

// A model describes one RESP value.
type model struct {
	kind   resp.Kind
	null   resp.Kind // for KindNull, its wire form: KindNull (_), KindBulkString ($-1) or KindArray (*-1)
	text   string    // string kinds: the payload; verbatim: the text; double: wire text ("" = shortest); big number: digits
	format string    // verbatim format
	num    int64     // integer; boolean 0 or 1
	f      float64   // double
	elems  []model   // aggregates; maps alternate keys and values
	attrs  *model    // attributes, a map model
	stream bool      // encode streamed when streaming is asked for ($, *, ~, %)
	chunks []int     // chunk sizes of a streamed string, each > 0, summing to len(text)
}

// lineText is s as it goes into a simple string or error: CR and LF become
// spaces, as Redis (and the package's encoder) write them.
func lineText(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\r' || c == '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// shortest is the RESP3 text of f: the shortest decimal that reads back as
// f, or inf, -inf, nan.
func shortest(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func (m *model) bigInt() *big.Int {
	x, ok := new(big.Int).SetString(m.text, 10)
	if !ok {
		panic("model: bad big number " + m.text)
	}
	return x
}

// value builds m with the package's constructors. With wire set, it is the
// Value that decoding m's encoding must give: simple strings and errors
// carry spaces for CR and LF.
func (m *model) value(wire bool) resp.Value {
	v := m.bare(wire)
	if m.attrs != nil {
		v = v.WithAttributes(m.attrs.value(wire))
	}
	return v
}

func (m *model) bare(wire bool) resp.Value {
	elems := func() []resp.Value {
		vs := make([]resp.Value, len(m.elems))
		for i := range m.elems {
			vs[i] = m.elems[i].value(wire)
		}
		return vs
	}
	text := m.text
	if wire {
		text = lineText(text)
	}
	switch m.kind {
	case resp.KindSimpleString:
		return resp.SimpleStringValue(text)
	case resp.KindSimpleError:
		return resp.ErrorValue(text)
	case resp.KindInteger:
		return resp.Int64Value(m.num)
	case resp.KindBulkString:
		return resp.StringValue(m.text)
	case resp.KindBulkError:
		return resp.BulkErrorValue(m.text)
	case resp.KindVerbatimString:
		return resp.VerbatimStringValue(m.format, m.text)
	case resp.KindNull:
		switch m.null {
		case resp.KindBulkString:
			return resp.NullBulkStringValue()
		case resp.KindArray:
			return resp.NullArrayValue()
		}
		return resp.NullValue()
	case resp.KindBoolean:
		return resp.BoolValue(m.num != 0)
	case resp.KindDouble:
		return resp.Float64Value(m.f)
	case resp.KindBigNumber:
		return resp.BigNumberValue(m.bigInt())
	case resp.KindArray:
		return resp.ArrayValue(elems()...)
	case resp.KindSet:
		return resp.SetValue(elems()...)
	case resp.KindPush:
		return resp.PushValue(elems()...)
	case resp.KindMap:
		return resp.MapValue(elems()...)
	}
	panic("model: unknown kind " + m.kind.String())
}

// resp2 is what a RESP2 client receives from Redis for m (built by its
// constructors, so a double has its shortest text): maps become flat arrays,
// sets and pushes arrays, nulls $-1 unless they came as *-1, booleans
// integers, doubles, big numbers and verbatim strings bulk strings of their
// text, bulk errors simple errors; attributes are dropped.
func (m *model) resp2() resp.Value {
	switch m.kind {
	case resp.KindSimpleString:
		return resp.SimpleStringValue(lineText(m.text))
	case resp.KindSimpleError, resp.KindBulkError:
		return resp.ErrorValue(lineText(m.text))
	case resp.KindInteger, resp.KindBoolean:
		return resp.Int64Value(m.num)
	case resp.KindBulkString, resp.KindVerbatimString:
		return resp.StringValue(m.text)
	case resp.KindNull:
		if m.null == resp.KindArray {
			return resp.NullArrayValue()
		}
		return resp.NullBulkStringValue()
	case resp.KindDouble:
		return resp.StringValue(shortest(m.f))
	case resp.KindBigNumber:
		return resp.StringValue(m.bigInt().String())
	}
	vs := make([]resp.Value, len(m.elems))
	for i := range m.elems {
		vs[i] = m.elems[i].resp2()
	}
	return resp.ArrayValue(vs...)
}

// wireOpts says how to encode models, and gathers what the encoding needs
// of each limit.
type wireOpts struct {
	stream bool // write values marked stream in streamed form
	texts  bool // write doubles with their model text (else the shortest)
	st     wireStats
}

// wireStats measures an encoding against Limits.
type wireStats struct {
	depth int // deepest nesting of aggregates and attributes
	elems int // largest element count (pairs for maps and attributes)
	bulk  int // longest bulk payload (assembled, for streamed strings)
	line  int // longest line body, without CRLF
}

func (o *wireOpts) line(dst []byte, t byte, body string) []byte {
	o.st.line = max(o.st.line, len(body))
	dst = append(dst, t)
	dst = append(dst, body...)
	return append(dst, "\r\n"...)
}

func (o *wireOpts) bulk(dst []byte, t byte, payload string) []byte {
	o.st.bulk = max(o.st.bulk, len(payload))
	dst = o.line(dst, t, strconv.Itoa(len(payload)))
	dst = append(dst, payload...)
	return append(dst, "\r\n"...)
}

// aggregate notes an aggregate (or attributes) of n elements opened at level.
func (o *wireOpts) aggregate(level, n int) {
	o.st.depth = max(o.st.depth, level+1)
	o.st.elems = max(o.st.elems, n)
}

// encode appends m's encoding; level is the number of aggregates around it.
func (m *model) encode(dst []byte, o *wireOpts, level int) []byte {
	if m.attrs != nil {
		dst = m.attrs.encodeAttrs(dst, o, level)
	}
	streamed := o.stream && m.stream
	switch k := byte(m.kind); m.kind {
	case resp.KindSimpleString, resp.KindSimpleError:
		return o.line(dst, k, lineText(m.text))
	case resp.KindInteger:
		return o.line(dst, k, strconv.FormatInt(m.num, 10))
	case resp.KindBulkString:
		if !streamed {
			return o.bulk(dst, k, m.text)
		}
		dst = o.line(dst, k, "?")
		rest := m.text
		for _, c := range m.chunks {
			dst = o.bulk(dst, ';', rest[:c])
			rest = rest[c:]
		}
		o.st.bulk = max(o.st.bulk, len(m.text))
		return o.line(dst, ';', "0")
	case resp.KindBulkError:
		return o.bulk(dst, k, m.text)
	case resp.KindVerbatimString:
		return o.bulk(dst, k, m.format+":"+m.text)
	case resp.KindNull:
		switch m.null {
		case resp.KindBulkString, resp.KindArray:
			return o.line(dst, byte(m.null), "-1")
		}
		return o.line(dst, k, "")
	case resp.KindBoolean:
		return o.line(dst, k, map[bool]string{true: "t", false: "f"}[m.num != 0])
	case resp.KindDouble:
		text := m.text
		if !o.texts || text == "" {
			text = shortest(m.f)
		}
		return o.line(dst, k, text)
	case resp.KindBigNumber:
		return o.line(dst, k, m.text)
	}
	n := len(m.elems)
	if m.kind == resp.KindMap {
		n /= 2
	}
	o.aggregate(level, n)
	if streamed {
		dst = o.line(dst, byte(m.kind), "?")
	} else {
		dst = o.line(dst, byte(m.kind), strconv.Itoa(n))
	}
	for i := range m.elems {
		dst = m.elems[i].encode(dst, o, level+1)
	}
	if streamed {
		dst = o.line(dst, '.', "")
	}
	return dst
}

// encodeAttrs appends attributes a (a map model) of a value at level: the
// attributes of a first, then a as |n and its keys and values.
func (a *model) encodeAttrs(dst []byte, o *wireOpts, level int) []byte {
	if a.attrs != nil {
		dst = a.attrs.encodeAttrs(dst, o, level)
	}
	o.aggregate(level, len(a.elems)/2)
	dst = o.line(dst, '|', strconv.Itoa(len(a.elems)/2))
	for i := range a.elems {
		dst = a.elems[i].encode(dst, o, level+1)
	}
	return dst
}

// --- generators ---

const poem = "云想衣裳花想容,春风拂槛露华浓。\r\n 若非群玉山头见,会向瑶台月下逢。"

// drawText draws a payload: empty, ASCII, binary with CR, LF and NUL,
// multi-byte UTF-8, or (rarely, when maxLen > 0) long, up to maxLen bytes.
func drawText(t *rapid.T, label string, maxLen int) string {
	shapes := 19
	if maxLen == 0 {
		shapes = 5 // no long text
	}
	switch rapid.IntRange(0, shapes).Draw(t, label+"Shape") {
	case 0:
		return ""
	case 1:
		return poem
	case 2:
		return rapid.String().Draw(t, label+"UTF8")
	case 3, 4, 5:
		b := rapid.SliceOfN(rapid.SampledFrom([]byte("\r\n\x00a:$*?;.")), 0, 24).Draw(t, label+"CRLF")
		return string(b)
	case 19:
		n := rapid.SampledFrom([]int{maxLen - 1, maxLen, 70000}).Draw(t, label+"Len")
		return strings.Repeat(poem+"\x00\xff", 1+min(n, maxLen)/64)[:min(n, maxLen)]
	}
	return string(rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, label+"Bytes"))
}

// drawDouble draws a double and one of its valid wire texts, as Redis and
// other servers write them.
func drawDouble(t *rapid.T) (float64, string) {
	f := rapid.OneOf(
		rapid.SampledFrom([]float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
			math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1, 1e300, 10, -1.5}),
		rapid.Float64(),
		rapid.Map(rapid.Uint64(), math.Float64frombits),
	).Draw(t, "double")
	switch {
	case math.IsNaN(f):
		return f, rapid.SampledFrom([]string{"nan", "-nan"}).Draw(t, "nanText")
	case math.IsInf(f, 0):
		return f, shortest(f)
	}
	switch rapid.IntRange(0, 3).Draw(t, "doubleText") {
	case 0:
		return f, strconv.FormatFloat(f, 'g', 17, 64) // Redis's %.17g
	case 1:
		return f, strconv.FormatFloat(f, 'E', -1, 64)
	case 2:
		if f >= 0 && !math.Signbit(f) {
			return f, "+" + shortest(f)
		}
	}
	return f, ""
}

var scalarKinds = []resp.Kind{resp.KindSimpleString, resp.KindSimpleError, resp.KindInteger,
	resp.KindBulkString, resp.KindNull, resp.KindBoolean, resp.KindDouble, resp.KindBigNumber,
	resp.KindBulkError, resp.KindVerbatimString}

var allKinds = append([]resp.Kind{resp.KindArray, resp.KindSet, resp.KindPush, resp.KindMap}, scalarKinds...)

// drawModel draws any value, nesting at most maxDepth aggregates below it.
// Long payloads are drawn only if long is set.
func drawModel(t *rapid.T, maxDepth int, long bool) model {
	limit := func(n int) int {
		if long {
			return n
		}
		return 0
	}
	kinds := scalarKinds
	if maxDepth > 0 {
		kinds = allKinds
	}
	var m model
	switch m.kind = rapid.SampledFrom(kinds).Draw(t, "kind"); m.kind {
	case resp.KindSimpleString, resp.KindSimpleError:
		m.text = drawText(t, "line", limit(resp.DefaultMaxLineLen))
	case resp.KindBulkString, resp.KindBulkError:
		// A bulk error goes to RESP2 peers as a simple error: a line.
		m.text = drawText(t, "bulk", limit(map[bool]int{true: 1 << 17, false: resp.DefaultMaxLineLen}[m.kind == resp.KindBulkString]))
		m.stream = m.kind == resp.KindBulkString && rapid.Bool().Draw(t, "stream")
		for rest := len(m.text); m.stream && rest > 0; {
			c := rapid.IntRange(1, rest).Draw(t, "chunk")
			m.chunks = append(m.chunks, c)
			rest -= c
		}
	case resp.KindVerbatimString:
		m.format = rapid.OneOf(rapid.SampledFrom([]string{"txt", "mkd"}),
			rapid.Map(rapid.SliceOfN(rapid.Byte().Filter(func(b byte) bool { return b != ':' }), 3, 3),
				func(b []byte) string { return string(b) })).Draw(t, "format")
		m.text = drawText(t, "verbatim", limit(1<<12))
	case resp.KindInteger:
		m.num = rapid.OneOf(rapid.SampledFrom([]int64{0, -1, math.MinInt64, math.MaxInt64}), rapid.Int64()).Draw(t, "int")
	case resp.KindBoolean:
		m.num = int64(rapid.IntRange(0, 1).Draw(t, "bool"))
	case resp.KindNull:
		m.null = rapid.SampledFrom([]resp.Kind{resp.KindNull, resp.KindBulkString, resp.KindArray}).Draw(t, "null")
	case resp.KindDouble:
		m.f, m.text = drawDouble(t)
	case resp.KindBigNumber:
		digits := rapid.StringOfN(rapid.RuneFrom([]rune("0123456789")), 1, 120, -1).Draw(t, "digits")
		x, _ := new(big.Int).SetString(digits, 10)
		if rapid.Bool().Draw(t, "negative") {
			x.Neg(x)
		}
		m.text = x.String()
	default:
		n := rapid.OneOf(rapid.IntRange(0, 4), rapid.SampledFrom([]int{0, 1, 300})).Draw(t, "count")
		if m.kind == resp.KindMap {
			n *= 2
		}
		depth, long := maxDepth-1, long && n <= 8
		if n > 8 {
			depth = 0
		}
		for range n {
			m.elems = append(m.elems, drawModel(t, depth, long))
		}
		m.stream = m.kind != resp.KindPush && rapid.Bool().Draw(t, "stream")
	}
	if maxDepth > 0 && rapid.IntRange(0, 5).Draw(t, "hasAttrs") == 0 {
		a := drawAttrs(t, maxDepth-1, long)
		m.attrs = &a
	}
	return m
}

// drawAttrs draws a map to use as attributes, itself with attributes at times.
func drawAttrs(t *rapid.T, maxDepth int, long bool) model {
	a := model{kind: resp.KindMap}
	for range 2 * rapid.IntRange(0, 2).Draw(t, "attrPairs") {
		a.elems = append(a.elems, drawModel(t, maxDepth, long))
	}
	if maxDepth > 0 && rapid.IntRange(0, 3).Draw(t, "attrsOfAttrs") == 0 {
		b := drawAttrs(t, maxDepth-1, long)
		a.attrs = &b
	}
	return a
}

// drawValue draws a value to test, allowing long payloads.
func drawValue(t *rapid.T) model { return drawModel(t, 4, true) }

// drawValues draws 1 to n values.
func drawValues(t *rapid.T, n int) []model {
	ms := make([]model, rapid.IntRange(1, n).Draw(t, "values"))
	for i := range ms {
		ms[i] = drawValue(t)
	}
	return ms
}

// briefV formats v, cut to 200 bytes, for failure messages.
func briefV(v resp.Value) string { return brief([]byte(v.String())) }

// brief quotes b, cut to 200 bytes, for failure messages.
func brief(b []byte) string {
	if len(b) > 200 {
		return strconv.Quote(string(b[:200])) + fmt.Sprintf("…(%d bytes)", len(b))
	}
	return strconv.Quote(string(b))
}

// encodeModels encodes ms one after another with o, returning the stream
// and where each value ends.
func encodeModels(ms []model, o *wireOpts) ([]byte, []int) {
	var b []byte
	ends := make([]int, len(ms))
	for i := range ms {
		b = ms[i].encode(b, o, 0)
		ends[i] = len(b)
	}
	return b, ends
}

// --- properties ---

// TestPropertyRoundTrip: AppendValue writes what the test's own encoder
// writes; decoding it gives the value back (simple strings with spaces for
// CR and LF); and a value decoded from Redis-style text re-encodes to the
// identical bytes.
func TestPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawValue(t)
		v, want := m.value(false), m.value(true)
		enc := resp.AppendValue(nil, v)
		if exp := m.encode(nil, &wireOpts{}, 0); !bytes.Equal(enc, exp) {
			t.Fatalf("AppendValue wrote\n%s\nwant\n%s", brief(enc), brief(exp))
		}
		got, n, err := resp.Decode(enc)
		if err != nil || n != len(enc) {
			t.Fatalf("Decode(%s) = n %d, %v; want n %d", brief(enc), n, err, len(enc))
		}
		if !cmp.Equal(got, want) {
			t.Fatalf("Decode(AppendValue(v)) = %v, want %v", briefV(got), briefV(want))
		}
		if c := v.Clone(); !cmp.Equal(c, v) || !bytes.Equal(resp.AppendValue(nil, c), enc) {
			t.Fatalf("Clone differs from the value")
		}

		// Redis-style double texts: kept on decode, written back as they came.
		wire := m.encode(nil, &wireOpts{texts: true}, 0)
		got, n, err = resp.Decode(wire)
		if err != nil || n != len(wire) {
			t.Fatalf("Decode(%s) = n %d, %v; want n %d", brief(wire), n, err, len(wire))
		}
		if !cmp.Equal(got, want) {
			t.Fatalf("Decode(%s) = %v, want %v", brief(wire), briefV(got), briefV(want))
		}
		if re := resp.AppendValue(nil, got); !bytes.Equal(re, wire) {
			t.Fatalf("decoded %s re-encodes as\n%s", brief(wire), brief(re))
		}
	})
}

// TestPropertyStreamed: streamed strings and aggregates decode to their
// sized form, and re-encode in it.
func TestPropertyStreamed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawValue(t)
		wire := m.encode(nil, &wireOpts{stream: true, texts: true}, 0)
		got, n, err := resp.Decode(wire)
		if err != nil || n != len(wire) {
			t.Fatalf("Decode(%s) = n %d, %v; want n %d", brief(wire), n, err, len(wire))
		}
		if want := m.value(true); !cmp.Equal(got, want) {
			t.Fatalf("Decode(%s) = %v, want %v", brief(wire), briefV(got), briefV(want))
		}
		sized := m.encode(nil, &wireOpts{texts: true}, 0)
		if re := resp.AppendValue(nil, got); !bytes.Equal(re, sized) {
			t.Fatalf("decoded %s re-encodes as\n%s\nwant\n%s", brief(wire), brief(re), brief(sized))
		}
	})
}

// readerKinds wraps a stream in the testing/iotest readers and in a reader
// that splits it at drawn points, with empty reads among them.
func drawSource(t *rapid.T, data []byte) (io.Reader, string) {
	switch k := rapid.IntRange(0, 6).Draw(t, "source"); k {
	case 0:
		return bytes.NewReader(data), "whole"
	case 1:
		return iotest.OneByteReader(bytes.NewReader(data)), "OneByteReader"
	case 2:
		return iotest.HalfReader(bytes.NewReader(data)), "HalfReader"
	case 3:
		return iotest.DataErrReader(bytes.NewReader(data)), "DataErrReader"
	case 4:
		return iotest.DataErrReader(iotest.OneByteReader(bytes.NewReader(data))), "DataErrReader(OneByteReader)"
	case 5:
		return iotest.TimeoutReader(iotest.HalfReader(bytes.NewReader(data))), "TimeoutReader(HalfReader)"
	}
	sizes := rapid.SliceOfN(rapid.IntRange(0, 64), 1, 32).Draw(t, "splits")
	return &splitReader{data: data, sizes: sizes}, "splitReader"
}

// A splitReader returns data in reads of the sizes it cycles through; a size
// of 0 is an empty read (but never two in a row).
type splitReader struct {
	data  []byte
	sizes []int
	i     int
	empty bool // the last read was empty
}

func (s *splitReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	n := min(s.sizes[s.i%len(s.sizes)], len(p), len(s.data))
	if n == 0 && s.empty {
		n = 1
	}
	s.empty = n == 0
	s.i++
	copy(p, s.data[:n])
	s.data = s.data[n:]
	return n, nil
}

// TestPropertyChunking: a stream of values (some streamed) decodes to the
// same values with Decode and with a Reader however the stream is split
// into reads; a timeout in the middle of a value is returned and the value
// read again on the next call.
func TestPropertyChunking(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ms := drawValues(t, 12)
		data, ends := encodeModels(ms, &wireOpts{stream: true, texts: true})
		for i, off := 0, 0; i < len(ms); i++ {
			v, n, err := resp.Decode(data[off:])
			if err != nil || off+n != ends[i] || !cmp.Equal(v, ms[i].value(true)) {
				t.Fatalf("value %d: Decode = %v, n %d, %v", i, briefV(v), n, err)
			}
			off += n
		}
		src, name := drawSource(t, data)
		r := resp.NewReaderSize(src, rapid.IntRange(1, 256).Draw(t, "bufSize"))
		for i := 0; i < len(ms); i++ {
			v, err := r.ReadValue()
			if errors.Is(err, iotest.ErrTimeout) {
				i--
				continue
			}
			if err != nil {
				t.Fatalf("%s: value %d: %v", name, i, err)
			}
			if !cmp.Equal(v, ms[i].value(true)) {
				t.Fatalf("%s: value %d = %v, want %v", name, i, briefV(v), briefV(ms[i].value(true)))
			}
			if r.InputOffset() != int64(ends[i]) {
				t.Fatalf("%s: InputOffset after value %d = %d, want %d", name, i, r.InputOffset(), ends[i])
			}
		}
		for range 2 {
			if _, err := r.ReadValue(); err != io.EOF && !errors.Is(err, iotest.ErrTimeout) {
				t.Fatalf("%s: at the end: %v, want io.EOF", name, err)
			}
		}
	})
}

// TestPropertyCommands: commands written by AppendCommand read back through
// ReadCommand however the stream is split.
func TestPropertyCommands(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cmds := rapid.SliceOfN(rapid.SliceOfN(rapid.SliceOf(rapid.Byte()), 1, 6), 1, 10).Draw(t, "commands")
		var data []byte
		for _, c := range cmds {
			data = resp.AppendCommand(data, c...)
		}
		src, name := drawSource(t, data)
		r := resp.NewReaderSize(src, rapid.IntRange(1, 64).Draw(t, "bufSize"))
		for i := 0; i < len(cmds); i++ {
			args, err := r.ReadCommand()
			if errors.Is(err, iotest.ErrTimeout) {
				i--
				continue
			}
			if err != nil {
				t.Fatalf("%s: command %d: %v", name, i, err)
			}
			if !cmp.Equal(args, cmds[i], cmp.Comparer(bytes.Equal)) {
				t.Fatalf("%s: command %d = %q, want %q", name, i, args, cmds[i])
			}
		}
	})
}

// TestPropertyWriter: the Writer writes what AppendValue and
// AppendValueRESP2 append, whatever its buffer size, with WriteValue and
// with the typed writes.
func TestPropertyWriter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ms := drawValues(t, 8)
		resp2 := rapid.Bool().Draw(t, "resp2")
		size := rapid.IntRange(1, 512).Draw(t, "bufSize")
		checkWriter(t, ms, resp2, size)
	})
}

// TestPropertyRESP2: the RESP2 downgrade decodes to what Redis sends a
// RESP2 client, and holds only RESP2 types.
func TestPropertyRESP2(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawValue(t)
		enc := resp.AppendValueRESP2(nil, m.value(false))
		if bad := nonRESP2Types(enc); bad != "" {
			t.Fatalf("RESP2 output %s holds RESP3 types %s", brief(enc), bad)
		}
		got, n, err := resp.Decode(enc)
		if err != nil || n != len(enc) {
			t.Fatalf("Decode(%s) = n %d, %v", brief(enc), n, err)
		}
		if want := m.resp2(); !cmp.Equal(got, want) {
			t.Fatalf("RESP2 %s decodes to %v, want %v", brief(enc), briefV(got), briefV(want))
		}
	})
}

// drawLimit draws a limit near a measured need: below, at or above it, or
// the default (0).
func drawLimit(t *rapid.T, label string, need int) int {
	switch rapid.IntRange(0, 3).Draw(t, label) {
	case 0:
		return 0
	case 1:
		return max(need-1, 1)
	case 2:
		return max(need, 1)
	}
	return need + 1
}

// TestPropertyLimits: a Decoder and a Reader with drawn Limits accept a
// value exactly when every limit covers what its encoding needs, and
// otherwise fail with the error of a limit that it exceeds.
func TestPropertyLimits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawValue(t)
		o := &wireOpts{stream: rapid.Bool().Draw(t, "streamed"), texts: true}
		wire := m.encode(nil, o, 0)
		lim := resp.Limits{
			MaxBulkLen:  drawLimit(t, "bulk", o.st.bulk),
			MaxElements: drawLimit(t, "elems", o.st.elems),
			MaxDepth:    drawLimit(t, "depth", o.st.depth),
			MaxLineLen:  drawLimit(t, "line", o.st.line),
		}
		checkLimits(t, wire, o.st, lim)
	})
}

// TestLimitsBoundaries pins limit cases that the properties found wrong
// once: an empty aggregate is a level of nesting like any other, and a line
// exactly MaxLineLen long is accepted.
func TestLimitsBoundaries(t *testing.T) {
	empty := model{kind: resp.KindArray, elems: []model{{kind: resp.KindPush}}}
	line := model{kind: resp.KindSimpleString, text: strings.Repeat("a", resp.DefaultMaxLineLen)}
	for _, c := range []struct {
		m   model
		lim resp.Limits
	}{
		{empty, resp.Limits{MaxDepth: 1}},
		{empty, resp.Limits{MaxDepth: 2}},
		{model{kind: resp.KindArray}, resp.Limits{MaxLineLen: 1}},
		{model{kind: resp.KindSimpleString, text: "abcd"}, resp.Limits{MaxLineLen: 4}},
		{model{kind: resp.KindSimpleString, text: "abcde"}, resp.Limits{MaxLineLen: 4}},
		{line, resp.Limits{}},
		{model{kind: resp.KindSimpleString, text: line.text + "a"}, resp.Limits{}},
	} {
		o := &wireOpts{}
		wire := c.m.encode(nil, o, 0)
		checkLimits(t, wire, o.st, c.lim)
	}
}

// checkLimits checks that a Decoder and a Reader with limits lim accept
// wire, whose needs are st, exactly when no limit is below its need, and
// otherwise fail with the error of a limit that is.
func checkLimits(t interface {
	Helper()
	Fatalf(string, ...any)
}, wire []byte, st wireStats, lim resp.Limits) {
	t.Helper()
	def := func(v, d int) int {
		if v == 0 {
			return d
		}
		return v
	}
	var exceeded []error
	for _, c := range []struct {
		limit, need int
		err         error
	}{
		{def(lim.MaxBulkLen, resp.DefaultMaxBulkLen), st.bulk, resp.ErrBulkTooLong},
		{def(lim.MaxElements, resp.DefaultMaxElements), st.elems, resp.ErrTooManyElements},
		{def(lim.MaxDepth, resp.DefaultMaxDepth), st.depth, resp.ErrTooDeep},
		{def(lim.MaxLineLen, resp.DefaultMaxLineLen), st.line, resp.ErrLineTooLong},
	} {
		if c.need > c.limit {
			exceeded = append(exceeded, c.err)
		}
	}
	dec := resp.Decoder{Limits: lim}
	_, n, err := dec.Decode(wire)
	r := resp.NewReaderSize(bytes.NewReader(wire), 64)
	r.Limits = lim
	_, rerr := r.ReadValue()
	if len(exceeded) == 0 {
		if err != nil || n != len(wire) || rerr != nil {
			t.Fatalf("%s: limits %+v, needs %+v: Decode n %d, %v; Reader %v", brief(wire), lim, st, n, err, rerr)
		}
		return
	}
	var pe *resp.ProtocolError
	if !errors.As(err, &pe) || !oneOf(pe.Err, exceeded) {
		t.Fatalf("%s: limits %+v, needs %+v: Decode: %v, want one of %v", brief(wire), lim, st, err, exceeded)
	}
	var rpe *resp.ProtocolError
	if !errors.As(rerr, &rpe) || rpe.Err != pe.Err || rpe.Offset != pe.Offset {
		t.Fatalf("%s: limits %+v: Reader: %v, Decode: %v", brief(wire), lim, rerr, err)
	}
}

func oneOf(err error, errs []error) bool {
	for _, e := range errs {
		if err == e {
			return true
		}
	}
	return false
}

// checkWriter writes ms through a Writer of the given buffer size, with
// WriteValue and then with the typed writes, and checks both against the
// Append functions and, read back, against the expected values.
func checkWriter(t interface {
	Helper()
	Fatalf(string, ...any)
}, ms []model, resp2 bool, size int) {
	t.Helper()
	var want []byte
	for i := range ms {
		if resp2 {
			want = resp.AppendValueRESP2(want, ms[i].value(false))
		} else {
			want = resp.AppendValue(want, ms[i].value(false))
		}
	}
	for _, typed := range []bool{false, true} {
		var out bytes.Buffer
		w := resp.NewWriterSize(&out, size)
		w.RESP2 = resp2
		for i := range ms {
			var err error
			if typed {
				err = writeTyped(w, &ms[i])
			} else {
				err = w.WriteValue(ms[i].value(false))
			}
			if err != nil {
				t.Fatalf("write: %v", err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatalf("Flush: %v", err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("Writer (RESP2 %v, typed %v, buffer %d) wrote\n%s\nAppend functions\n%s", resp2, typed, size, brief(out.Bytes()), brief(want))
		}
	}
	if resp2 {
		if bad := nonRESP2Types(want); bad != "" {
			t.Fatalf("RESP2 output %s holds RESP3 types %s", brief(want), bad)
		}
	}
	r := resp.NewReaderSize(bytes.NewReader(want), 16)
	for i := range ms {
		v, err := r.ReadValue()
		exp := ms[i].value(true)
		if resp2 {
			exp = ms[i].resp2()
		}
		if err != nil || !cmp.Equal(v, exp) {
			t.Fatalf("value %d read back as %v, %v; want %v", i, briefV(v), err, briefV(exp))
		}
	}
	if _, err := r.ReadValue(); err != io.EOF {
		t.Fatalf("after the values: %v, want io.EOF", err)
	}
}

// writeTyped writes m with the Writer's typed methods where there is one.
func writeTyped(w *resp.Writer, m *model) error {
	if m.attrs != nil {
		return w.WriteValue(m.value(false))
	}
	switch m.kind {
	case resp.KindSimpleString:
		return w.WriteSimpleString(m.text)
	case resp.KindSimpleError:
		return w.WriteError(m.text)
	case resp.KindInteger:
		return w.WriteInteger(m.num)
	case resp.KindBulkString:
		if len(m.text)%2 == 0 {
			return w.WriteBulk([]byte(m.text))
		}
		return w.WriteBulkString(m.text)
	case resp.KindBulkError:
		return w.WriteBulkError(m.text)
	case resp.KindVerbatimString:
		return w.WriteVerbatimString(m.format, m.text)
	case resp.KindNull:
		switch {
		case m.null == resp.KindNull && !w.RESP2, m.null == resp.KindBulkString && w.RESP2:
			return w.WriteNull()
		case m.null == resp.KindArray && w.RESP2:
			return w.WriteNullArray()
		}
		return w.WriteValue(m.value(false))
	case resp.KindBoolean:
		return w.WriteBool(m.num != 0)
	case resp.KindDouble:
		return w.WriteDouble(m.f)
	case resp.KindBigNumber:
		return w.WriteBigNumber(m.bigInt())
	}
	n := len(m.elems)
	var err error
	switch m.kind {
	case resp.KindArray:
		err = w.WriteArrayLen(n)
	case resp.KindSet:
		err = w.WriteSetLen(n)
	case resp.KindPush:
		err = w.WritePushLen(n)
	case resp.KindMap:
		err = w.WriteMapLen(n / 2)
	}
	for i := range m.elems {
		if err != nil {
			return err
		}
		err = writeTyped(w, &m.elems[i])
	}
	return err
}

// wireScan returns the type bytes of the values, chunks and ends in b, a
// valid RESP stream, and whether any value is streamed, by walking its
// lines and payloads (on valid RESP the first CR of a line ends it).
func wireScan(b []byte) (types []byte, streamed bool) {
	for len(b) > 0 {
		t := b[0]
		cr := bytes.IndexByte(b, '\r')
		if cr < 0 || cr+1 >= len(b) {
			panic(fmt.Sprintf("wireScan: not RESP: %s", brief(b)))
		}
		types = append(types, t)
		body := b[1:cr]
		b = b[cr+2:]
		streamed = streamed || string(body) == "?"
		if strings.IndexByte("$!=;", t) >= 0 {
			if n, err := strconv.Atoi(string(body)); err == nil && n >= 0 && (n > 0 || t != ';') {
				b = b[n+2:] // a payload (";0" ends a streamed string: none)
			}
		}
	}
	return types, streamed
}

// nonRESP2Types returns the type bytes in the valid RESP stream b that
// RESP2 lacks.
func nonRESP2Types(b []byte) string {
	var bad []byte
	types, _ := wireScan(b)
	for _, t := range types {
		if strings.IndexByte("+-:$*", t) < 0 {
			bad = append(bad, t)
		}
	}
	return string(bad)
}
