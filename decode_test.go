package resp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// A decodeCase is an input that must decode to want. For canonical inputs
// (what Redis itself emits) re-encoding must give the input back; otherwise
// it must give sized, the canonical form.
type decodeCase struct {
	name  string
	in    string
	want  Value
	sized string // canonical encoding, if in is not canonical
}

// attrs builds an attribute map.
func attrs(kvs ...Value) Value { return MapValue(kvs...) }

var decodeCases = []decodeCase{
	{name: "simple string", in: "+OK\r\n", want: SimpleStringValue("OK")},
	{name: "empty simple string", in: "+\r\n", want: SimpleStringValue("")},
	{name: "simple string with tab and quote", in: "+a\tb\"c\r\n", want: SimpleStringValue("a\tb\"c")},
	{name: "simple error", in: "-ERR unknown command 'foo'\r\n", want: ErrorValue("ERR unknown command 'foo'")},
	{name: "integer 0", in: ":0\r\n", want: Int64Value(0)},
	{name: "integer -1", in: ":-1\r\n", want: Int64Value(-1)},
	{name: "integer 1000", in: ":1000\r\n", want: Int64Value(1000)},
	{name: "integer max", in: ":9223372036854775807\r\n", want: Int64Value(math.MaxInt64)},
	{name: "integer min", in: ":-9223372036854775808\r\n", want: Int64Value(math.MinInt64)},
	{name: "bulk string", in: "$5\r\nhello\r\n", want: StringValue("hello")},
	{name: "empty bulk string", in: "$0\r\n\r\n", want: StringValue("")},
	{name: "binary bulk string", in: "$6\r\n\r\n\x00\xff\r\n\r\n", want: StringValue("\r\n\x00\xff\r\n")},
	{name: "RESP2 null bulk string", in: "$-1\r\n", want: NullBulkStringValue()},
	{name: "RESP2 null array", in: "*-1\r\n", want: NullArrayValue()},
	{name: "null", in: "_\r\n", want: NullValue()},
	{name: "true", in: "#t\r\n", want: BoolValue(true)},
	{name: "false", in: "#f\r\n", want: BoolValue(false)},
	{name: "double 1.5", in: ",1.5\r\n", want: Float64Value(1.5)},
	{name: "double 10", in: ",10\r\n", want: Float64Value(10)},
	{name: "double -0", in: ",-0\r\n", want: Float64Value(math.Copysign(0, -1))},
	{name: "double 0", in: ",0\r\n", want: Float64Value(0)},
	{name: "double inf", in: ",inf\r\n", want: Float64Value(math.Inf(1))},
	{name: "double -inf", in: ",-inf\r\n", want: Float64Value(math.Inf(-1))},
	{name: "double nan", in: ",nan\r\n", want: Float64Value(math.NaN())},
	{name: "double -nan", in: ",-nan\r\n", want: Float64Value(math.NaN())},
	{name: "double 1.5e10", in: ",1.5e10\r\n", want: Float64Value(1.5e10)},
	{name: "double %.17g", in: ",0.10000000000000001\r\n", want: Float64Value(0.1)},
	{name: "double %.17g exponent", in: ",1.0000000000000001e+300\r\n", want: Float64Value(1.0000000000000001e+300)},
	{name: "double negative exponent", in: ",-1.5E-3\r\n", want: Float64Value(-1.5e-3)},
	{name: "double plus sign", in: ",+2.5\r\n", want: Float64Value(2.5)},
	{name: "double out of range", in: ",1e400\r\n", want: Float64Value(math.Inf(1))},
	{name: "big number", in: "(3492890328409238509324850943850943825024385\r\n", want: bigValue("3492890328409238509324850943850943825024385")},
	{name: "negative big number", in: "(-3492890328409238509324850943850943825024385\r\n", want: bigValue("-3492890328409238509324850943850943825024385")},
	{name: "big number 0", in: "(0\r\n", want: bigValue("0")},
	{name: "bulk error", in: "!21\r\nSYNTAX invalid syntax\r\n", want: BulkErrorValue("SYNTAX invalid syntax")},
	{name: "empty bulk error", in: "!0\r\n\r\n", want: BulkErrorValue("")},
	{name: "verbatim txt", in: "=15\r\ntxt:Some string\r\n", want: VerbatimStringValue("txt", "Some string")},
	{name: "verbatim mkd", in: "=8\r\nmkd:# hi\r\n", want: VerbatimStringValue("mkd", "# hi")},
	{name: "verbatim unknown format kept", in: "=7\r\nxyz:abc\r\n", want: VerbatimStringValue("xyz", "abc")},
	{name: "verbatim empty text", in: "=4\r\ntxt:\r\n", want: VerbatimStringValue("txt", "")},
	{name: "array", in: "*3\r\n:1\r\n$3\r\nfoo\r\n+bar\r\n", want: ArrayValue(Int64Value(1), StringValue("foo"), SimpleStringValue("bar"))},
	{name: "nested array", in: "*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n_\r\n", want: ArrayValue(ArrayValue(Int64Value(1), Int64Value(2)), ArrayValue(NullValue()))},
	{name: "array of nulls", in: "*3\r\n$-1\r\n*-1\r\n_\r\n", want: ArrayValue(NullBulkStringValue(), NullArrayValue(), NullValue())},
	{name: "empty array", in: "*0\r\n", want: ArrayValue()},
	{name: "empty map", in: "%0\r\n", want: MapValue()},
	{name: "empty set", in: "~0\r\n", want: SetValue()},
	{name: "empty push", in: ">0\r\n", want: PushValue()},
	{name: "array of empties", in: "*3\r\n*0\r\n%0\r\n~0\r\n", want: ArrayValue(ArrayValue(), MapValue(), SetValue())},
	{name: "map", in: "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", want: MapValue(SimpleStringValue("first"), Int64Value(1), SimpleStringValue("second"), Int64Value(2))},
	{name: "map with aggregate keys", in: "%2\r\n*2\r\n:1\r\n:2\r\n~1\r\n#t\r\n%1\r\n+k\r\n+v\r\n_\r\n",
		want: MapValue(ArrayValue(Int64Value(1), Int64Value(2)), SetValue(BoolValue(true)), MapValue(SimpleStringValue("k"), SimpleStringValue("v")), NullValue())},
	{name: "set", in: "~3\r\n+a\r\n+b\r\n:1\r\n", want: SetValue(SimpleStringValue("a"), SimpleStringValue("b"), Int64Value(1))},
	{name: "push", in: ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n", want: PushValue(StringValue("message"), StringValue("ch"), StringValue("hello"))},
	{name: "attribute at top level",
		in:   "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
		want: ArrayValue(Int64Value(2039123), Int64Value(9543892)).WithAttributes(attrs(SimpleStringValue("key-popularity"), MapValue(StringValue("a"), Float64Value(0.1923), StringValue("b"), Float64Value(0.0012))))},
	{name: "nested attribute", in: "*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nx\r\n:2\r\n",
		want: ArrayValue(StringValue("x").WithAttributes(attrs(SimpleStringValue("ttl"), Int64Value(3600))), Int64Value(2))},
	{name: "attribute on last element", in: "*2\r\n:1\r\n|1\r\n+a\r\n+b\r\n:2\r\n",
		want: ArrayValue(Int64Value(1), Int64Value(2).WithAttributes(attrs(SimpleStringValue("a"), SimpleStringValue("b"))))},
	{name: "attribute on map key and value", in: "%1\r\n|1\r\n+a\r\n:1\r\n+k\r\n|1\r\n+b\r\n:2\r\n+v\r\n",
		want: MapValue(SimpleStringValue("k").WithAttributes(attrs(SimpleStringValue("a"), Int64Value(1))), SimpleStringValue("v").WithAttributes(attrs(SimpleStringValue("b"), Int64Value(2))))},
	{name: "two attributes in a row", in: "|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n+OK\r\n",
		want: SimpleStringValue("OK").WithAttributes(attrs(SimpleStringValue("b"), Int64Value(2)).WithAttributes(attrs(SimpleStringValue("a"), Int64Value(1))))},
	{name: "empty attribute", in: "|0\r\n:1\r\n", want: Int64Value(1).WithAttributes(attrs())},
	{name: "attribute on an attribute key", in: "|1\r\n|1\r\n+x\r\n+y\r\n+k\r\n+v\r\n:1\r\n",
		want: Int64Value(1).WithAttributes(attrs(SimpleStringValue("k").WithAttributes(attrs(SimpleStringValue("x"), SimpleStringValue("y"))), SimpleStringValue("v")))},
	{name: "attribute before null", in: "|1\r\n+a\r\n+b\r\n$-1\r\n", want: NullBulkStringValue().WithAttributes(attrs(SimpleStringValue("a"), SimpleStringValue("b")))},
	{name: "attribute with aggregate value", in: "|1\r\n+a\r\n*1\r\n:1\r\n~1\r\n:2\r\n",
		want: SetValue(Int64Value(2)).WithAttributes(attrs(SimpleStringValue("a"), ArrayValue(Int64Value(1))))},

	// Streamed forms decode to their assembled value and re-encode sized.
	{name: "streamed string", in: "$?\r\n;4\r\nHell\r\n;2\r\no!\r\n;0\r\n", want: StringValue("Hello!"), sized: "$6\r\nHello!\r\n"},
	{name: "streamed string binary chunks", in: "$?\r\n;2\r\n\r\n\r\n;1\r\n;\r\n;0\r\n", want: StringValue("\r\n;"), sized: "$3\r\n\r\n;\r\n"},
	{name: "empty streamed string", in: "$?\r\n;0\r\n", want: StringValue(""), sized: "$0\r\n\r\n"},
	{name: "streamed array", in: "*?\r\n:1\r\n:2\r\n.\r\n", want: ArrayValue(Int64Value(1), Int64Value(2)), sized: "*2\r\n:1\r\n:2\r\n"},
	{name: "streamed set", in: "~?\r\n+a\r\n+b\r\n.\r\n", want: SetValue(SimpleStringValue("a"), SimpleStringValue("b")), sized: "~2\r\n+a\r\n+b\r\n"},
	{name: "streamed map", in: "%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n", want: MapValue(SimpleStringValue("a"), Int64Value(1), SimpleStringValue("b"), Int64Value(2)), sized: "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n"},
	{name: "empty streamed array", in: "*?\r\n.\r\n", want: ArrayValue(), sized: "*0\r\n"},
	{name: "empty streamed map", in: "%?\r\n.\r\n", want: MapValue(), sized: "%0\r\n"},
	{name: "nested streamed", in: "*?\r\n*?\r\n$?\r\n;1\r\na\r\n;0\r\n.\r\n%?\r\n.\r\n*1\r\n$?\r\n;1\r\nb\r\n;0\r\n.\r\n",
		want:  ArrayValue(ArrayValue(StringValue("a")), MapValue(), ArrayValue(StringValue("b"))),
		sized: "*3\r\n*1\r\n$1\r\na\r\n%0\r\n*1\r\n$1\r\nb\r\n"},
	{name: "two streamed strings in an array", in: "*2\r\n$?\r\n;2\r\nab\r\n;0\r\n$?\r\n;2\r\ncd\r\n;0\r\n",
		want: ArrayValue(StringValue("ab"), StringValue("cd")), sized: "*2\r\n$2\r\nab\r\n$2\r\ncd\r\n"},
	{name: "attribute in streamed array", in: "*?\r\n|1\r\n+a\r\n+b\r\n:1\r\n.\r\n",
		want: ArrayValue(Int64Value(1).WithAttributes(attrs(SimpleStringValue("a"), SimpleStringValue("b")))), sized: "*1\r\n|1\r\n+a\r\n+b\r\n:1\r\n"},
	{name: "attribute before streamed string", in: "|1\r\n+a\r\n+b\r\n$?\r\n;1\r\nx\r\n;0\r\n",
		want: StringValue("x").WithAttributes(attrs(SimpleStringValue("a"), SimpleStringValue("b"))), sized: "|1\r\n+a\r\n+b\r\n$1\r\nx\r\n"},
}

// feeds are the ways tests split input into reads.
var feeds = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"whole", func(r io.Reader) io.Reader { return r }},
	{"onebyte", iotest.OneByteReader},
	{"half", iotest.HalfReader},
	{"dataerr", iotest.DataErrReader},
}

// decodeAllWays decodes in, which must hold exactly one value, with Decode,
// a reused Decoder, and Readers with small and default buffers fed in every
// way of feeds; it fails unless all of them return a value Equal to want,
// and returns the Decode result.
func decodeAllWays(t *testing.T, in string, want Value) Value {
	t.Helper()
	v, n, err := Decode([]byte(in))
	if err != nil || n != len(in) {
		t.Fatalf("Decode(%q) = %v, %d, %v; want n = %d", in, v, n, err, len(in))
	}
	if !v.Equal(want) {
		t.Fatalf("Decode(%q) = %v, want %v", in, v, want)
	}
	var dec Decoder
	for i := range 2 { // the second round reuses the Decoder's memory
		dv, dn, err := dec.Decode([]byte(in + "+next\r\n"))
		if err != nil || dn != len(in) || !dv.Equal(want) {
			t.Fatalf("Decoder.Decode round %d (%q) = %v, %d, %v", i, in, dv, dn, err)
		}
	}
	for _, size := range []int{16, 4096} {
		for _, f := range feeds {
			r := NewReaderSize(f.wrap(strings.NewReader(in+in)), size)
			for i := range 2 {
				rv, err := r.ReadValue()
				if err != nil || !rv.Equal(want) {
					t.Fatalf("Reader(%s, size %d) value %d of %q = %v, %v; want %v", f.name, size, i, in, rv, err, want)
				}
				if got := r.InputOffset(); got != int64((i+1)*len(in)) {
					t.Fatalf("Reader(%s) InputOffset = %d after value %d, want %d", f.name, got, i, (i+1)*len(in))
				}
			}
			if rv, err := r.ReadValue(); err != io.EOF {
				t.Fatalf("Reader(%s) after the end = %v, %v; want io.EOF", f.name, rv, err)
			}
		}
	}
	return v
}

func TestDecodeTypes(t *testing.T) {
	for _, c := range decodeCases {
		t.Run(c.name, func(t *testing.T) {
			v := decodeAllWays(t, c.in, c.want)
			if v.Kind() != c.want.Kind() || v.NullKind() != c.want.NullKind() {
				t.Errorf("Kind, NullKind = %v, %v; want %v, %v", v.Kind(), v.NullKind(), c.want.Kind(), c.want.NullKind())
			}
			// (A decoded double's Len is that of its wire text, checked in
			// TestDecodeAccessors.)
			if v.Kind() != KindDouble && v.Len() != c.want.Len() {
				t.Errorf("Len = %d, want %d", v.Len(), c.want.Len())
			}
			// Attributes through the accessor, not only through Equal.
			if wa, ok := c.want.Attributes(); ok {
				ga, ok := v.Attributes()
				if !ok || !ga.Equal(wa) || ga.Kind() != KindMap {
					t.Errorf("Attributes() = %v, %v; want %v", ga, ok, wa)
				}
			} else if _, ok := v.Attributes(); ok {
				t.Errorf("Attributes() reports attributes, want none")
			}
		})
	}
}

// TestDecodeAccessors checks accessors of decoded values beyond Equal: the
// wire text of doubles and big numbers, verbatim formats, null forms.
func TestDecodeAccessors(t *testing.T) {
	dec := func(in string) Value {
		t.Helper()
		v, _, err := Decode([]byte(in))
		if err != nil {
			t.Fatalf("Decode(%q): %v", in, err)
		}
		return v
	}
	for _, text := range []string{"1.5", "10", "-0", "inf", "-inf", "nan", "-nan", "1.5e10", "0.10000000000000001", "+2.5", "1E+5"} {
		v := dec("," + text + "\r\n")
		if string(v.Bytes()) != text || v.Len() != len(text) {
			t.Errorf("double %q: Bytes = %q, Len = %d", text, v.Bytes(), v.Len())
		}
	}
	if f := dec(",-0\r\n").Float64(); f != 0 || !math.Signbit(f) {
		t.Errorf(",-0 Float64 = %v, want -0", f)
	}
	if f := dec(",-nan\r\n").Float64(); !math.IsNaN(f) {
		t.Errorf(",-nan Float64 = %v, want NaN", f)
	}
	if f := dec(",0.10000000000000001\r\n").Float64(); f != 0.1 {
		t.Errorf("Float64 = %v, want 0.1", f)
	}
	big := "-3492890328409238509324850943850943825024385"
	v := dec("(" + big + "\r\n")
	if v.BigInt().String() != big || string(v.Bytes()) != big {
		t.Errorf("big number: BigInt %v, Bytes %q", v.BigInt(), v.Bytes())
	}
	for _, c := range []struct{ in, format, text string }{
		{"=15\r\ntxt:Some string\r\n", "txt", "Some string"},
		{"=8\r\nmkd:# hi\r\n", "mkd", "# hi"},
		{"=7\r\nxyz:abc\r\n", "xyz", "abc"},
		{"=4\r\ntxt:\r\n", "txt", ""},
	} {
		v := dec(c.in)
		if string(v.Format()) != c.format || string(v.Bytes()) != c.text || v.Len() != len(c.text) {
			t.Errorf("%q: Format %q, Bytes %q, Len %d", c.in, v.Format(), v.Bytes(), v.Len())
		}
	}
	for in, nk := range map[string]Kind{"$-1\r\n": KindBulkString, "*-1\r\n": KindArray, "_\r\n": KindNull} {
		v := dec(in)
		if v.Kind() != KindNull || !v.IsNull() || v.NullKind() != nk || v.Elems() != nil || v.Len() != 0 {
			t.Errorf("%q: Kind %v, IsNull %v, NullKind %v", in, v.Kind(), v.IsNull(), v.NullKind())
		}
	}
	if !dec("-ERR x\r\n").IsError() || !dec("!1\r\nx\r\n").IsError() || dec("+OK\r\n").IsError() {
		t.Error("IsError wrong for decoded errors")
	}
	m := dec("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n")
	if m.Len() != 2 || len(m.Elems()) != 4 || string(m.Elems()[2].Bytes()) != "b" || m.Elems()[3].Int64() != 2 {
		t.Errorf("map: Len %d, Elems %v", m.Len(), m.Elems())
	}
	two := dec("|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n+OK\r\n")
	a2, ok2 := two.Attributes()
	a1, ok1 := a2.Attributes()
	if !ok2 || !ok1 || string(a2.Elems()[0].Bytes()) != "b" || string(a1.Elems()[0].Bytes()) != "a" {
		t.Errorf("two attributes: %v %v / %v %v", a2, ok2, a1, ok1)
	}
}

// TestDecodeTrailing checks that Decode stops after one value.
func TestDecodeTrailing(t *testing.T) {
	v, n, err := Decode([]byte("+OK\r\n:1\r\n"))
	if err != nil || n != 5 || string(v.Bytes()) != "OK" {
		t.Fatalf("Decode = %v, %d, %v", v, n, err)
	}
	v, n, err = Decode([]byte("$?\r\n;1\r\na\r\n;0\r\n$1\r\nb\r\n"))
	if err != nil || n != 15 || string(v.Bytes()) != "a" {
		t.Fatalf("Decode streamed = %v, %d, %v", v, n, err)
	}
}

func TestReencodeExact(t *testing.T) {
	for _, c := range decodeCases {
		t.Run(c.name, func(t *testing.T) {
			v, _, err := Decode([]byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			want := c.in
			if c.sized != "" {
				want = c.sized
			}
			if got := AppendValue(nil, v); string(got) != want {
				t.Errorf("AppendValue = %q, want %q", got, want)
			}
			var buf bytes.Buffer
			w := NewWriterSize(&buf, 16)
			if err := w.WriteValue(v); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != want {
				t.Errorf("Writer = %q, want %q", buf.String(), want)
			}
			// The re-encoding decodes back to an Equal value, and the
			// constructed value encodes the same way.
			back, n, err := Decode([]byte(want))
			if err != nil || n != len(want) || !back.Equal(v) {
				t.Errorf("re-encoding decodes to %v, %d, %v; want %v", back, n, err, v)
			}
			// A value read by a Reader re-encodes the same way.
			rv, err := NewReader(iotest.OneByteReader(strings.NewReader(c.in))).ReadValue()
			if err != nil {
				t.Fatal(err)
			}
			if got := AppendValue(nil, rv); string(got) != want {
				t.Errorf("AppendValue(Reader value) = %q, want %q", got, want)
			}
			// RESP2 downgrades decode as valid RESP.
			r2 := AppendValueRESP2(nil, v)
			if _, n, err := Decode(r2); err != nil || n != len(r2) {
				t.Errorf("AppendValueRESP2 = %q does not decode: %d, %v", r2, n, err)
			}
		})
	}
}

// TestDecodeIncomplete cuts every value at every byte: Decode must report
// ErrIncomplete (not a protocol error) and a Reader io.ErrUnexpectedEOF,
// sticky, or io.EOF for an empty stream.
func TestDecodeIncomplete(t *testing.T) {
	for _, c := range decodeCases {
		for cut := 0; cut < len(c.in); cut++ {
			prefix := c.in[:cut]
			v, n, err := Decode([]byte(prefix))
			if !errors.Is(err, ErrIncomplete) || n != 0 {
				t.Errorf("%s: Decode(%q) = %v, %d, %v; want ErrIncomplete", c.name, prefix, v, n, err)
			}
			var pe *ProtocolError
			if errors.As(err, &pe) {
				t.Errorf("%s: Decode(%q) incomplete is a ProtocolError", c.name, prefix)
			}
			// No byte past src is read: those after it in memory would
			// end any line that a check read past its end.
			for _, after := range []string{"\r\n\r\n\r\n\r\n", "\n\r\n\r\n\r\n\r\n"} {
				bait := append([]byte(prefix), after...)[:cut:cut]
				if v, n, err := Decode(bait); !errors.Is(err, ErrIncomplete) {
					t.Errorf("%s: Decode(%q) with %q past its end = %v, %d, %v; want ErrIncomplete", c.name, prefix, after, v, n, err)
				}
			}
			r := NewReaderSize(iotest.OneByteReader(strings.NewReader(prefix)), 16)
			want := io.ErrUnexpectedEOF
			if cut == 0 {
				want = io.EOF
			}
			for i := range 2 {
				if v, err := r.ReadValue(); err != want {
					t.Errorf("%s: Reader(%q) read %d = %v, %v; want %v", c.name, prefix, i, v, err, want)
				}
			}
		}
	}
}

// wantProtocolError fails unless err is a *ProtocolError of class at off,
// and reports whether it is.
func wantProtocolError(t *testing.T, what string, err error, class error, off int64) bool {
	t.Helper()
	var pe *ProtocolError
	switch {
	case !errors.As(err, &pe):
		t.Errorf("%s: err = %v (%T), want *ProtocolError of %q at %d", what, err, err, class, off)
	case pe.Err != class || !errors.Is(err, class):
		t.Errorf("%s: err = %v, want class %q at %d", what, err, class, off)
	case pe.Offset != off:
		t.Errorf("%s: offset = %d, want %d (%v)", what, pe.Offset, off, err)
	case !strings.HasPrefix(pe.Error(), "resp: "+class.Error()+" at offset "):
		t.Errorf("%s: Error() = %q", what, pe.Error())
	default:
		return true
	}
	return false
}

// An errorCase is an input with a violation of class at offset off.
type errorCase struct {
	name  string
	in    string
	class error
	off   int64
}

var grammarErrors = []errorCase{
	// Bulk payloads must be followed by CRLF.
	{"bulk without CRLF", "$3\r\nabcXY", ErrMissingCRLF, 7},
	{"bulk with CR then junk", "$3\r\nabc\rX", ErrMissingCRLF, 8},
	{"bulk longer than length", "$2\r\nabc\r\n", ErrMissingCRLF, 6},
	{"bulk error without CRLF", "!3\r\nabcX\r\n", ErrMissingCRLF, 7},
	{"verbatim without CRLF", "=5\r\ntxt:aX\r\n", ErrMissingCRLF, 9},
	{"bulk in array without CRLF", "*2\r\n:1\r\n$1\r\nab\r\n", ErrMissingCRLF, 13},

	// Lengths as Redis's string2ll reads them.
	{"length with plus", "$+3\r\nabc\r\n", ErrInvalidLength, 1},
	{"length with leading zero", "$03\r\nabc\r\n", ErrInvalidLength, 1},
	{"count with leading zero", "*01\r\n:1\r\n", ErrInvalidLength, 1},
	{"count 00", "*00\r\n", ErrInvalidLength, 1},
	{"length -0", "$-0\r\n", ErrInvalidLength, 1},
	{"empty length", "$\r\n", ErrInvalidLength, 1},
	{"length with space", "$ 3\r\nabc\r\n", ErrInvalidLength, 1},
	{"length with trailing space", "$3 \r\nabc\r\n", ErrInvalidLength, 1},
	{"length not a number", "$abc\r\n", ErrInvalidLength, 1},
	{"length uint64 overflow", "$18446744073709551621\r\n", ErrInvalidLength, 1},
	{"count int64 overflow", "*9223372036854775808\r\n", ErrInvalidLength, 1},
	{"length -2", "$-2\r\n", ErrInvalidLength, 1},
	{"array -5", "*-5\r\n", ErrInvalidLength, 1},
	{"map -1", "%-1\r\n", ErrInvalidLength, 1},
	{"set -1", "~-1\r\n", ErrInvalidLength, 1},
	{"push -1", ">-1\r\n", ErrInvalidLength, 1},
	{"attribute -1", "|-1\r\n", ErrInvalidLength, 1},
	{"bulk error -1", "!-1\r\n", ErrInvalidLength, 1},
	{"verbatim -1", "=-1\r\n", ErrInvalidLength, 1},
	{"streamed bulk error", "!?\r\n", ErrInvalidLength, 1},
	{"streamed verbatim", "=?\r\n", ErrInvalidLength, 1},
	{"nested bad length", "*2\r\n:1\r\n$-3\r\n", ErrInvalidLength, 9},

	// Integers.
	{"integer with plus", ":+1\r\n", ErrInvalidInteger, 1},
	{"integer with leading zero", ":01\r\n", ErrInvalidInteger, 1},
	{"integer -0", ":-0\r\n", ErrInvalidInteger, 1},
	{"empty integer", ":\r\n", ErrInvalidInteger, 1},
	{"integer minus only", ":-\r\n", ErrInvalidInteger, 1},
	{"integer with fraction", ":1.5\r\n", ErrInvalidInteger, 1},
	{"integer with space", ":1 \r\n", ErrInvalidInteger, 1},
	{"integer over max", ":9223372036854775808\r\n", ErrInvalidInteger, 1},
	{"integer under min", ":-9223372036854775809\r\n", ErrInvalidInteger, 1},
	{"integer 20 digits", ":99999999999999999999\r\n", ErrInvalidInteger, 1},
	{"integer letters", ":abc\r\n", ErrInvalidInteger, 1},

	// Lines.
	{"bare CR in simple string", "+a\rb\r\n", ErrInvalidLine, 2},
	{"bare LF in simple string", "+a\nb\r\n", ErrInvalidLine, 2},
	{"CR CR LF", "+a\r\r\n", ErrInvalidLine, 2},
	{"bare LF in simple error", "-ERR\nx\r\n", ErrInvalidLine, 4},
	{"bare CR in simple error", "-ERR\rx\r\n", ErrInvalidLine, 4},
	{"bare CR in array element", "*1\r\n+ab\rc\r\n", ErrInvalidLine, 7},
	{"bare CR in header", "$1\r2\r\n", ErrInvalidLine, 2},

	// Null and boolean.
	{"null with body", "_x\r\n", ErrInvalidNull, 1},
	{"null with space", "_ \r\n", ErrInvalidNull, 1},
	{"boolean x", "#x\r\n", ErrInvalidBoolean, 1},
	{"empty boolean", "#\r\n", ErrInvalidBoolean, 1},
	{"boolean tt", "#tt\r\n", ErrInvalidBoolean, 1},
	{"boolean T", "#T\r\n", ErrInvalidBoolean, 1},
	{"boolean 1", "#1\r\n", ErrInvalidBoolean, 1},

	// Doubles: hiredis's list, then what Go's ParseFloat would let through.
	{"empty double", ",\r\n", ErrInvalidDouble, 1},
	{"double 1.2.3", ",1.2.3\r\n", ErrInvalidDouble, 1},
	{"double 1e", ",1e\r\n", ErrInvalidDouble, 1},
	{"double +", ",+\r\n", ErrInvalidDouble, 1},
	{"double .", ",.\r\n", ErrInvalidDouble, 1},
	{"double 1,5", ",1,5\r\n", ErrInvalidDouble, 1},
	{"double abc", ",abc\r\n", ErrInvalidDouble, 1},
	{"double 3.14x", ",3.14x\r\n", ErrInvalidDouble, 1},
	{"double .5", ",.5\r\n", ErrInvalidDouble, 1},
	{"double -.5", ",-.5\r\n", ErrInvalidDouble, 1},
	{"double 1.", ",1.\r\n", ErrInvalidDouble, 1},
	{"double Infinity", ",Infinity\r\n", ErrInvalidDouble, 1},
	{"double Inf", ",Inf\r\n", ErrInvalidDouble, 1},
	{"double NaN", ",NaN\r\n", ErrInvalidDouble, 1},
	{"double 0x1p3", ",0x1p3\r\n", ErrInvalidDouble, 1},
	{"double 1_0", ",1_0\r\n", ErrInvalidDouble, 1},
	{"double 1e+", ",1e+\r\n", ErrInvalidDouble, 1},
	{"double space", ", 1\r\n", ErrInvalidDouble, 1},
	{"double --1", ",--1\r\n", ErrInvalidDouble, 1},

	// Big numbers.
	{"empty big number", "(\r\n", ErrInvalidBigNumber, 1},
	{"big number minus only", "(-\r\n", ErrInvalidBigNumber, 1},
	{"big number plus", "(+1\r\n", ErrInvalidBigNumber, 1},
	{"big number fraction", "(1.5\r\n", ErrInvalidBigNumber, 1},
	{"big number letters", "(12a\r\n", ErrInvalidBigNumber, 1},
	{"big number --", "(--1\r\n", ErrInvalidBigNumber, 1},
	{"big number space", "( 1\r\n", ErrInvalidBigNumber, 1},

	// Verbatim strings need a 3-byte format and ':'.
	{"verbatim without colon", "=3\r\ntxt\r\n", ErrInvalidVerbatim, 7},
	{"verbatim colon misplaced", "=5\r\ntx:ab\r\n", ErrInvalidVerbatim, 7},
	{"empty verbatim", "=0\r\n\r\n", ErrInvalidVerbatim, 4},
	{"verbatim no format", "=2\r\n:a\r\n", ErrInvalidVerbatim, 6},

	// Misplaced stream markers.
	{"chunk at top level", ";3\r\nabc\r\n", ErrInvalidStream, 0},
	{"chunk in array", "*1\r\n;1\r\na\r\n", ErrInvalidStream, 4},
	{"end at top level", ".\r\n", ErrInvalidStream, 0},
	{"end in sized array", "*2\r\n:1\r\n.\r\n", ErrInvalidStream, 8},
	{"end with body", "*?\r\n.x\r\n", ErrInvalidStream, 5},
	{"streamed map ends after key", "%?\r\n+a\r\n.\r\n", ErrInvalidStream, 8},
	{"streamed map ends after third key", "%?\r\n+a\r\n:1\r\n+b\r\n.\r\n", ErrInvalidStream, 16},
	{"attribute with no value in stream", "*?\r\n|1\r\n+a\r\n+b\r\n.\r\n", ErrInvalidStream, 16},
	{"streamed string with a value", "$?\r\n+a\r\n", ErrInvalidStream, 4},
	{"streamed string with an end", "$?\r\n;1\r\na\r\n.\r\n", ErrInvalidStream, 11},
	{"chunk length -1", "$?\r\n;-1\r\n", ErrInvalidLength, 5},
	{"chunk length ?", "$?\r\n;?\r\n", ErrInvalidLength, 5},
	{"chunk length leading zero", "$?\r\n;01\r\na\r\n", ErrInvalidLength, 5},
	{"chunk without CRLF", "$?\r\n;1\r\naX", ErrMissingCRLF, 9},

	// Unknown type bytes, reported at once.
	{"NUL", "\x00", ErrUnknownType, 0},
	{"NUL line", "\x00\r\n", ErrUnknownType, 0},
	{"letter", "x", ErrUnknownType, 0},
	{"inline command", "PING\r\n", ErrUnknownType, 0},
	{"space", " \r\n", ErrUnknownType, 0},
	{"CR", "\r\n", ErrUnknownType, 0},
	{"LF", "\n", ErrUnknownType, 0},
	{"high byte", "\xff", ErrUnknownType, 0},
	{"unknown in array", "*2\r\n:1\r\n@x\r\n", ErrUnknownType, 8},
	{"unknown in map", "%1\r\n+a\r\n\x00", ErrUnknownType, 8},
}

// TestGrammarErrors checks each violation with Decode, a Decoder and
// Readers fed whole and byte by byte, at the same offset, also when the
// violation comes after good values in a stream.
func TestGrammarErrors(t *testing.T) {
	for _, c := range grammarErrors {
		t.Run(c.name, func(t *testing.T) {
			checkErrorAllWays(t, Limits{}, c.in, c.class, c.off)
		})
	}
}

// checkErrorAllWays checks that in fails with class at off however it is
// decoded.
func checkErrorAllWays(t *testing.T, lim Limits, in string, class error, off int64) {
	t.Helper()
	_, n, err := (&Decoder{Limits: lim}).Decode([]byte(in))
	ok := wantProtocolError(t, "Decoder.Decode", err, class, off)
	if n != 0 {
		t.Errorf("Decode n = %d on error", n)
	}
	if lim == (Limits{}) {
		_, _, err = Decode([]byte(in))
		ok = ok && wantProtocolError(t, "Decode", err, class, off)
	}
	if !ok {
		return // the Readers share the decoder: one report is enough
	}
	const prelude = "+OK\r\n:12\r\n$3\r\nabc\r\n" // good values before the bad one
	for _, f := range feeds {
		for _, pre := range []string{"", prelude} {
			r := NewReaderSize(f.wrap(strings.NewReader(pre+in)), 16)
			r.Limits = lim
			for pre != "" && r.InputOffset() < int64(len(pre)) {
				if _, err := r.ReadValue(); err != nil {
					t.Fatalf("%s: prelude: %v", f.name, err)
				}
			}
			_, err := r.ReadValue()
			if !wantProtocolError(t, f.name+" Reader", err, class, int64(len(pre))+off) {
				return
			}
			if _, err2 := r.ReadValue(); err2 != err {
				t.Errorf("%s Reader: next read = %v, want the same error %v", f.name, err2, err)
			}
		}
	}
}

// limitCase: ok is accepted under lim, bad is rejected with class at off.
type limitCase struct {
	name    string
	lim     Limits
	ok, bad string
	class   error
	off     int64
}

var limitCases = []limitCase{
	{"bulk length", Limits{MaxBulkLen: 5}, "$5\r\nabcde\r\n", "$6\r\nabcdef\r\n", ErrBulkTooLong, 1},
	{"bulk error length", Limits{MaxBulkLen: 5}, "!5\r\nabcde\r\n", "!6\r\nabcdef\r\n", ErrBulkTooLong, 1},
	{"verbatim length", Limits{MaxBulkLen: 5}, "=5\r\ntxt:a\r\n", "=6\r\ntxt:ab\r\n", ErrBulkTooLong, 1},
	{"nested bulk length", Limits{MaxBulkLen: 5}, "*1\r\n$5\r\nabcde\r\n", "*1\r\n$6\r\nabcdef\r\n", ErrBulkTooLong, 5},
	{"streamed string length", Limits{MaxBulkLen: 5}, "$?\r\n;3\r\nabc\r\n;2\r\nde\r\n;0\r\n", "$?\r\n;3\r\nabc\r\n;3\r\ndef\r\n;0\r\n", ErrBulkTooLong, 14},
	{"array count", Limits{MaxElements: 3}, "*3\r\n:1\r\n:2\r\n:3\r\n", "*4\r\n:1\r\n:2\r\n:3\r\n:4\r\n", ErrTooManyElements, 1},
	{"set count", Limits{MaxElements: 3}, "~3\r\n:1\r\n:2\r\n:3\r\n", "~4\r\n:1\r\n:2\r\n:3\r\n:4\r\n", ErrTooManyElements, 1},
	{"push count", Limits{MaxElements: 3}, ">3\r\n:1\r\n:2\r\n:3\r\n", ">4\r\n:1\r\n:2\r\n:3\r\n:4\r\n", ErrTooManyElements, 1},
	{"map pairs", Limits{MaxElements: 2}, "%2\r\n:1\r\n:2\r\n:3\r\n:4\r\n", "%3\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n:6\r\n", ErrTooManyElements, 1},
	{"attribute pairs", Limits{MaxElements: 1}, "|1\r\n:1\r\n:2\r\n+OK\r\n", "|2\r\n:1\r\n:2\r\n:3\r\n:4\r\n+OK\r\n", ErrTooManyElements, 1},
	{"streamed array count", Limits{MaxElements: 3}, "*?\r\n:1\r\n:2\r\n:3\r\n.\r\n", "*?\r\n:1\r\n:2\r\n:3\r\n:4\r\n.\r\n", ErrTooManyElements, 16},
	{"streamed set count", Limits{MaxElements: 2}, "~?\r\n:1\r\n:2\r\n.\r\n", "~?\r\n:1\r\n:2\r\n:3\r\n.\r\n", ErrTooManyElements, 12},
	{"streamed map pairs", Limits{MaxElements: 1}, "%?\r\n:1\r\n:2\r\n.\r\n", "%?\r\n:1\r\n:2\r\n:3\r\n:4\r\n.\r\n", ErrTooManyElements, 12},
	{"depth", Limits{MaxDepth: 3}, "*1\r\n*1\r\n*1\r\n:1\r\n", "*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", ErrTooDeep, 12},
	{"depth of maps", Limits{MaxDepth: 2}, "%1\r\n+k\r\n%1\r\n+k\r\n:1\r\n", "%1\r\n+k\r\n%1\r\n+k\r\n%1\r\n+k\r\n:1\r\n", ErrTooDeep, 16},
	{"depth of streamed", Limits{MaxDepth: 2}, "*?\r\n*?\r\n:1\r\n.\r\n.\r\n", "*?\r\n*?\r\n*?\r\n:1\r\n.\r\n.\r\n.\r\n", ErrTooDeep, 8},
	{"depth with attribute", Limits{MaxDepth: 2}, "*1\r\n|1\r\n+a\r\n+b\r\n:1\r\n", "*1\r\n*1\r\n|1\r\n+a\r\n+b\r\n:1\r\n", ErrTooDeep, 8},
	{"simple string line", Limits{MaxLineLen: 5}, "+abcde\r\n", "+abcdef\r\n", ErrLineTooLong, 6},
	{"error line", Limits{MaxLineLen: 5}, "-abcde\r\n", "-abcdef\r\n", ErrLineTooLong, 6},
	{"integer line", Limits{MaxLineLen: 5}, ":12345\r\n", ":123456\r\n", ErrLineTooLong, 6},
	{"header line", Limits{MaxLineLen: 2}, "$10\r\n0123456789\r\n", "$100\r\n", ErrLineTooLong, 3},
	{"nested line", Limits{MaxLineLen: 3}, "*1\r\n+abc\r\n", "*1\r\n+abcd\r\n", ErrLineTooLong, 8},
}

func TestLimits(t *testing.T) {
	for _, c := range limitCases {
		t.Run(c.name, func(t *testing.T) {
			ok, _, err := (&Decoder{Limits: c.lim}).Decode([]byte(c.ok))
			if err != nil {
				t.Fatalf("at the limit: Decode(%q): %v", c.ok, err)
			}
			for _, f := range feeds {
				r := NewReaderSize(f.wrap(strings.NewReader(c.ok)), 16)
				r.Limits = c.lim
				if v, err := r.ReadValue(); err != nil || !v.Equal(ok) {
					t.Fatalf("at the limit: Reader(%s)(%q) = %v, %v", f.name, c.ok, v, err)
				}
			}
			checkErrorAllWays(t, c.lim, c.bad, c.class, c.off)
		})
	}
}

// TestLimitLineNoCRLF: a line over the limit is an error before its end
// arrives.
func TestLimitLineNoCRLF(t *testing.T) {
	_, _, err := (&Decoder{Limits: Limits{MaxLineLen: 5}}).Decode([]byte("+abcdefgh"))
	wantProtocolError(t, "Decode", err, ErrLineTooLong, 6)
	r := NewReader(io.MultiReader(strings.NewReader("+"+strings.Repeat("a", 70<<10)), failReader{t}))
	_, err = r.ReadValue()
	wantProtocolError(t, "Reader", err, ErrLineTooLong, DefaultMaxLineLen+1)
}

// failReader fails the test if it is read: the code under test had enough
// input to decide.
type failReader struct{ t *testing.T }

func (f failReader) Read([]byte) (int, error) {
	f.t.Error("read past what was needed to detect the error")
	return 0, errors.New("failReader read")
}

func TestDefaultLimits(t *testing.T) {
	if DefaultMaxBulkLen != 512<<20 || DefaultMaxElements != math.MaxInt32 || DefaultMaxDepth != 1024 || DefaultMaxLineLen != 64<<10 {
		t.Fatalf("defaults %d %d %d %d", DefaultMaxBulkLen, DefaultMaxElements, DefaultMaxDepth, DefaultMaxLineLen)
	}
	want := Limits{DefaultMaxBulkLen, DefaultMaxElements, DefaultMaxDepth, DefaultMaxLineLen}
	if got := (Limits{}).resolved(); got != want {
		t.Errorf("zero Limits resolve to %+v, want %+v", got, want)
	}
	if got := (Limits{MaxBulkLen: -1, MaxElements: -1, MaxDepth: -1, MaxLineLen: -1}).resolved(); got != want {
		t.Errorf("negative Limits resolve to %+v, want %+v", got, want)
	}
	// The default depth is accepted, one more is not.
	nest := func(n int) string { return strings.Repeat("*1\r\n", n) + ":1\r\n" }
	if _, _, err := Decode([]byte(nest(DefaultMaxDepth))); err != nil {
		t.Errorf("depth %d: %v", DefaultMaxDepth, err)
	}
	_, _, err := Decode([]byte(nest(DefaultMaxDepth + 1)))
	wantProtocolError(t, "depth 1025", err, ErrTooDeep, 4*DefaultMaxDepth)
	// The default line length is accepted, one more byte is not.
	line := "+" + strings.Repeat("a", DefaultMaxLineLen) + "\r\n"
	if _, _, err := Decode([]byte(line)); err != nil {
		t.Errorf("line of %d: %v", DefaultMaxLineLen, err)
	}
	_, _, err = Decode([]byte("+" + strings.Repeat("a", DefaultMaxLineLen+1) + "\r\n"))
	wantProtocolError(t, "long line", err, ErrLineTooLong, DefaultMaxLineLen+1)
	// The default bulk length is accepted as a header, one more is not.
	_, _, err = Decode([]byte("$536870912\r\nab"))
	if !errors.Is(err, ErrIncomplete) {
		t.Errorf("$536870912: %v, want ErrIncomplete", err)
	}
	_, _, err = Decode([]byte("$536870913\r\n"))
	wantProtocolError(t, "$536870913", err, ErrBulkTooLong, 1)
	_, _, err = Decode([]byte("*2147483648\r\n"))
	wantProtocolError(t, "*2147483648", err, ErrTooManyElements, 1)
	if _, _, err = Decode([]byte("*2147483647\r\n")); !errors.Is(err, ErrIncomplete) {
		t.Errorf("*2147483647: %v, want ErrIncomplete", err)
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestHostileAllocation(t *testing.T) {
	const bound = 1 << 20
	for _, c := range []struct {
		in   string
		want error
	}{
		{"*4294967295\r\n", ErrTooManyElements},
		{"*2147483647\r\n", io.ErrUnexpectedEOF},
		{"%1073741823\r\n", io.ErrUnexpectedEOF},
		{"~2147483647\r\n:1\r\n", io.ErrUnexpectedEOF},
		{"%4611686018427387904\r\n", ErrInvalidLength},
		{"$536870912\r\nab", io.ErrUnexpectedEOF},
		{"*1\r\n$536870912\r\nab", io.ErrUnexpectedEOF},
		{"!536870912\r\nab", io.ErrUnexpectedEOF},
		{"=536870912\r\ntxt:", io.ErrUnexpectedEOF},
		{"*1\r\n$100\r\ntest", io.ErrUnexpectedEOF},
	} {
		var err error
		n := allocated(func() {
			_, err = NewReader(strings.NewReader(c.in)).ReadValue()
		})
		if !errors.Is(err, c.want) {
			t.Errorf("Reader(%q): %v, want %v", c.in, err, c.want)
		}
		if n > bound {
			t.Errorf("Reader(%q) allocated %d bytes", c.in, n)
		}
		n = allocated(func() { _, _, err = Decode([]byte(c.in)) })
		if err == nil {
			t.Errorf("Decode(%q) succeeded", c.in)
		}
		if n > bound {
			t.Errorf("Decode(%q) allocated %d bytes", c.in, n)
		}
		n = allocated(func() { _, _ = NewReader(strings.NewReader(c.in)).ReadCommand() })
		if n > bound {
			t.Errorf("ReadCommand(%q) allocated %d bytes", c.in, n)
		}
	}
	// Commands: a huge multibulk count and a huge argument.
	for _, in := range []string{"*2147483647\r\n", "*1\r\n$536870912\r\nab"} {
		var err error
		n := allocated(func() { _, err = NewReader(strings.NewReader(in)).ReadCommand() })
		if err != io.ErrUnexpectedEOF || n > bound {
			t.Errorf("ReadCommand(%q): %v, allocated %d bytes", in, err, n)
		}
	}
}

func TestHostileNumbers(t *testing.T) {
	for _, in := range []string{"$9223372036854775806\r\n", "$9223372036854775807\r\n", "*9223372036854775807\r\n", "%4611686018427387904\r\n"} {
		_, _, err := Decode([]byte(in))
		var pe *ProtocolError
		if !errors.As(err, &pe) || pe.Offset != 1 ||
			!(errors.Is(err, ErrInvalidLength) || errors.Is(err, ErrBulkTooLong) || errors.Is(err, ErrTooManyElements)) {
			t.Errorf("Decode(%q) = %v, want a length error at offset 1", in, err)
		}
		_, err = NewReader(strings.NewReader(in)).ReadValue()
		if !errors.As(err, &pe) || pe.Offset != 1 {
			t.Errorf("Reader(%q) = %v, want a protocol error at offset 1", in, err)
		}
	}
	// Limits too large to be safe are clamped, so no offset overflows.
	dec := Decoder{Limits: Limits{MaxBulkLen: math.MaxInt, MaxElements: math.MaxInt}}
	for _, in := range []string{"$9223372036854775806\r\n", "*9223372036854775806\r\n", "$4611686018427387904\r\n"} {
		_, _, err := dec.Decode([]byte(in))
		var pe *ProtocolError
		if !errors.As(err, &pe) {
			t.Errorf("Decode(%q) with huge limits = %v, want a protocol error", in, err)
		}
	}
}

func TestHostileDepth(t *testing.T) {
	in := strings.Repeat("*1\r\n", 1_000_000)
	_, _, err := Decode([]byte(in))
	wantProtocolError(t, "Decode", err, ErrTooDeep, 4*DefaultMaxDepth)
	r := NewReader(strings.NewReader(in))
	_, err = r.ReadValue()
	wantProtocolError(t, "Reader", err, ErrTooDeep, 4*DefaultMaxDepth)
	// Depth is bounded also by the limit, not only by the default.
	_, _, err = (&Decoder{Limits: Limits{MaxDepth: 100000}}).Decode([]byte(in + ":1\r\n"))
	wantProtocolError(t, "Decoder with MaxDepth 100000", err, ErrTooDeep, 4*100000)
	// Within a large limit, deep nesting decodes without recursion.
	deep := strings.Repeat("*1\r\n", 100000) + ":1\r\n"
	v, _, err := (&Decoder{Limits: Limits{MaxDepth: 100000}}).Decode([]byte(deep))
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendValue(nil, v); string(got) != deep {
		t.Error("deep value does not re-encode")
	}
	// Attributes nest too.
	_, _, err = Decode([]byte(strings.Repeat("|1\r\n", 1_000_000)))
	wantProtocolError(t, "attributes", err, ErrTooDeep, 4*DefaultMaxDepth)
}

// TestDecoderReuse checks that a Decoder gives the same results as Decode
// when reused across different inputs, including after errors.
func TestDecoderReuse(t *testing.T) {
	var dec Decoder
	for round := range 2 {
		for _, c := range decodeCases {
			v, n, err := dec.Decode([]byte(c.in))
			if err != nil || n != len(c.in) || !v.Equal(c.want) {
				t.Fatalf("round %d %s: %v, %d, %v", round, c.name, v, n, err)
			}
			if _, _, err := dec.Decode([]byte(c.in[:len(c.in)-1])); !errors.Is(err, ErrIncomplete) {
				t.Fatalf("round %d %s prefix: %v", round, c.name, err)
			}
			if _, _, err := dec.Decode([]byte("_x\r\n")); !errors.Is(err, ErrInvalidNull) {
				t.Fatalf("error: %v", err)
			}
		}
	}
}

// feedDecoder feeds in to dec one byte at a time, extending one buffer in
// place, as an event loop does; it returns the result of the first call
// that is not ErrIncomplete, with the length of src at that call.
func feedDecoder(dec *Decoder, in string, cmd bool) (v Value, args [][]byte, n, at int, err error) {
	buf := make([]byte, 0, len(in))
	for i := range len(in) {
		buf = append(buf, in[i])
		if cmd {
			args, n, err = dec.DecodeCommand(buf)
		} else {
			v, n, err = dec.Decode(buf)
		}
		if !errors.Is(err, ErrIncomplete) {
			return v, args, n, len(buf), err
		}
	}
	return v, args, n, len(buf), err
}

// TestDecoderResume: a Decoder called again with its src extended in place
// resumes, and gives what decoding the whole input gives.
func TestDecoderResume(t *testing.T) {
	dec := Decoder{Resume: true}
	for _, c := range decodeCases {
		v, _, n, at, err := feedDecoder(&dec, c.in, false)
		if err != nil || n != len(c.in) || at != len(c.in) || !v.Equal(c.want) {
			t.Errorf("%s: fed byte by byte: %v, n %d at %d, %v; want %v", c.name, v, n, at, err, c.want)
		}
	}
	for _, c := range commandCases {
		_, args, n, _, err := feedDecoder(&dec, c.in, true)
		if err != nil || n != len(c.in) || len(args) != len(c.want) {
			t.Errorf("%s: command fed byte by byte: %q, n %d, %v; want %q", c.name, args, n, err, c.want)
		}
		for i := range args {
			if string(args[i]) != c.want[i] {
				t.Errorf("%s: argument %d = %q, want %q", c.name, i, args[i], c.want[i])
			}
		}
	}
	for _, c := range grammarErrors {
		_, _, n, _, err := feedDecoder(&dec, c.in, false)
		if wantProtocolError(t, c.name+" fed byte by byte", err, c.class, c.off) && n != 0 {
			t.Errorf("%s: n = %d with an error", c.name, n)
		}
	}
	for _, c := range commandErrors {
		_, _, _, _, err := feedDecoder(&dec, c.in, true)
		wantProtocolError(t, c.name+" (command) fed byte by byte", err, c.class, c.off)
	}
	for _, c := range limitCases {
		d := Decoder{Limits: c.lim}
		if v, _, _, _, err := feedDecoder(&d, c.ok, false); err != nil {
			t.Errorf("%s at the limit fed byte by byte: %v, %v", c.name, v, err)
		}
		_, _, _, _, err := feedDecoder(&d, c.bad, false)
		wantProtocolError(t, c.name+" over the limit fed byte by byte", err, c.class, c.off)
	}
}

// TestDecoderStartsOver: with Resume, what is not an in-place extension of
// an incomplete src starts over.
func TestDecoderStartsOver(t *testing.T) {
	dec := Decoder{Resume: true}
	buf := make([]byte, 0, 64)
	decode := func(s string) (Value, int, error) {
		buf = append(buf[:0], s...)
		return dec.Decode(buf)
	}
	// After a complete value, the same buffer with new content.
	if v, _, err := decode("$3\r\nabc\r\n"); err != nil || string(v.Bytes()) != "abc" {
		t.Fatalf("%v %v", v, err)
	}
	if v, n, err := decode("*2\r\n:1\r\n:2\r\n"); err != nil || n != 12 || v.Len() != 2 {
		t.Fatalf("after a value, same buffer: %v, %d, %v", v, n, err)
	}
	// After a protocol error.
	if _, _, err := decode("_x\r\n"); !errors.Is(err, ErrInvalidNull) {
		t.Fatal(err)
	}
	if v, _, err := decode("_\r\n"); err != nil || !v.IsNull() {
		t.Fatalf("after an error, same buffer: %v, %v", v, err)
	}
	// After ErrIncomplete, a shorter src at the same address.
	if _, _, err := decode("$5\r\nhel"); !errors.Is(err, ErrIncomplete) {
		t.Fatal(err)
	}
	if v, _, err := decode(":7\r\n"); err != nil || v.Int64() != 7 {
		t.Fatalf("shorter src: %v, %v", v, err)
	}
	// After ErrIncomplete, Reset, then other content as long or longer.
	if _, _, err := decode("$5\r\nhel"); !errors.Is(err, ErrIncomplete) {
		t.Fatal(err)
	}
	dec.Reset()
	if v, _, err := decode("*1\r\n:1\r\n"); err != nil || v.Kind() != KindArray {
		t.Fatalf("after Reset: %v, %v", v, err)
	}
	// After ErrIncomplete, another buffer.
	if _, _, err := decode("*2\r\n:1\r\n"); !errors.Is(err, ErrIncomplete) {
		t.Fatal(err)
	}
	if v, _, err := dec.Decode([]byte("+OK\r\n+more\r\n")); err != nil || string(v.Bytes()) != "OK" {
		t.Fatalf("another buffer: %v, %v", v, err)
	}
	// A value started, then DecodeCommand on the extended src.
	if _, _, err := decode("*1\r\n$4\r\nPI"); !errors.Is(err, ErrIncomplete) {
		t.Fatal(err)
	}
	buf = append(buf, "NG\r\n"...)
	if args, n, err := dec.DecodeCommand(buf); err != nil || n != len(buf) || len(args) != 1 || string(args[0]) != "PING" {
		t.Fatalf("DecodeCommand after Decode: %q, %d, %v", args, n, err)
	}
	// Limits changed between the calls apply.
	if _, _, err := decode("$5\r\nhel"); !errors.Is(err, ErrIncomplete) {
		t.Fatal(err)
	}
	dec.MaxBulkLen = 3
	buf = append(buf, "lo\r\n"...)
	_, _, err := dec.Decode(buf)
	wantProtocolError(t, "limit changed", err, ErrBulkTooLong, 1)
}

// TestDecoderNoResume: without Resume, every call parses src from its
// start, even the same buffer extended with its old bytes changed.
func TestDecoderNoResume(t *testing.T) {
	var dec Decoder
	buf := append(make([]byte, 0, 64), "$5\r\nhel"...)
	if _, _, err := dec.Decode(buf); !errors.Is(err, ErrIncomplete) {
		t.Fatal(err)
	}
	buf = append(buf[:0], "*2\r\n:1\r\n:2\r\n"...)
	if v, n, err := dec.Decode(buf); err != nil || n != len(buf) || !v.Equal(ArrayValue(Int64Value(1), Int64Value(2))) {
		t.Errorf("changed buffer without Resume: %v, %d, %v", v, n, err)
	}
	buf = append(buf[:0], "*1\r\n$1\r\n"...)
	if _, _, err := dec.DecodeCommand(buf); !errors.Is(err, ErrIncomplete) {
		t.Fatal(err)
	}
	buf = append(buf[:0], "PING\r\n"...)
	if args, _, err := dec.DecodeCommand(buf); err != nil || len(args) != 1 || string(args[0]) != "PING" {
		t.Errorf("changed command buffer without Resume: %q, %v", args, err)
	}
}

// TestDecoderResumeLinear: feeding a large array to a Decoder a few bytes
// at a time is linear, as with a Reader.
func TestDecoderResumeLinear(t *testing.T) {
	measure := func(n int) time.Duration {
		in := AppendArrayLen(nil, n)
		for i := range n {
			in = AppendInteger(in, int64(i))
		}
		best := time.Duration(1 << 62)
		for range 3 {
			dec := Decoder{Resume: true}
			buf := make([]byte, 0, len(in))
			start := time.Now()
			for i := 0; i < len(in); i += 3 {
				buf = append(buf, in[i:min(i+3, len(in))]...)
				v, _, err := dec.Decode(buf)
				if err == nil {
					if v.Len() != n || len(buf) != len(in) {
						t.Fatalf("decoded %d elements at %d bytes", v.Len(), len(buf))
					}
					break
				}
				if !errors.Is(err, ErrIncomplete) {
					t.Fatal(err)
				}
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, large := measure(50_000), measure(200_000)
	t.Logf("n=50k %v, n=200k %v", small, large)
	if large > 10*time.Second || large > 10*max(small, 20*time.Millisecond) {
		t.Errorf("4x the input took %v vs %v: not linear", large, small)
	}
}

func TestDecoderResumeAllocs(t *testing.T) {
	in, _ := allocFreeCorpus()
	dec := Decoder{Resume: true}
	buf := make([]byte, 0, len(in))
	feed := func() {
		buf = buf[:0]
		for i := 0; i < len(in); i++ {
			buf = append(buf, in[i])
			_, _, err := dec.Decode(buf)
			if errors.Is(err, ErrIncomplete) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			buf = buf[:0] // the next value starts the buffer over
		}
	}
	feed()
	if n := testing.AllocsPerRun(10, feed); n != 0 {
		t.Errorf("Decoder fed byte by byte: %v allocations, want 0", n)
	}
}

// TestShortInt checks the eight-at-a-time integer fast path against
// parseInt, the general path: whatever it accepts parseInt accepts with the
// same value, and with room to read ahead it accepts every canonical int64.
func TestShortInt(t *testing.T) {
	bodies := []string{"", "-", "+1", "0", "-0", "00", "01", "-01", "1", "-1", "9", "10", "99999999", "100000000",
		"1234567890123456", "-1234567890123456", "12345678901234567", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "18446744073709551615", "99999999999999999999", "12345678901234567890",
		"1/", "1:", "1a", " 1", "1 ", "1\x00", "1\xff2", "\xfa1", "12345678\xfa9", "--1", "1-"}
	for i := range 2000 {
		n := int64(i) * 7919 * 1000003 * int64(i%97+1)
		bodies = append(bodies, strconv.FormatInt(n, 10), strconv.FormatInt(-n>>(i%60), 10))
	}
	var d decoder
	d.setLimits(Limits{})
	for _, body := range bodies {
		// Cut before its LF, with an LF in memory after the cut: a read
		// past the end finds it.
		line := []byte(":" + body + "\r\n")
		for cut := range len(line) {
			if _, next := d.shortInt(line[:cut], 0); next >= 0 {
				t.Errorf("shortInt(%q) = %d for a line cut short", line[:cut], next)
			}
		}
		for _, pad := range []string{"", "+OK\r\n", strings.Repeat("x", 32)} {
			src := []byte(":" + body + "\r\n" + pad)
			got, next := d.shortInt(src, 0)
			want, ok := parseInt([]byte(body))
			switch {
			case next >= 0 && (!ok || got != want || next != len(body)+3):
				t.Errorf("shortInt(%q) = %d, %d; parseInt = %d, %v", src, got, next, want, ok)
			case next < 0 && ok && len(pad) >= 24:
				t.Errorf("shortInt(%q) declined a canonical integer", src)
			}
		}
	}
}

// TestSimpleBulkLength checks simple's reading of a bulk string's length,
// for a value and in a run of arguments, against the general path: every
// length of one to four digits, leading zeros, signs and bytes that are
// no digit, with the next value right after or the buffer's end. Verbatim
// strings and bulk errors are read the same way; a verbatim string's
// payload must start with a format and ':'.
func TestSimpleBulkLength(t *testing.T) {
	heads := []string{"", "-", "+1", "00", "01", "001", "0010", "1a", "a1", "1\x00", "1\xff", "1/", "1:", " 1", "-1", "12345678901"}
	for n := range 1200 {
		heads = append(heads, strconv.Itoa(n))
	}
	var d decoder
	d.setLimits(Limits{})
	for _, head := range heads {
		n, err := strconv.Atoi(head)
		payload := strings.Repeat("x", max(n, 0)%1200)
		for _, pad := range []string{"", "$1\r\ny\r\n"} {
			for _, kind := range []string{"=", "!", "$"} {
				body := payload
				if kind == "=" && n%5 != 4 { // a format, but for some
					body = ("txt:" + payload)[:len(payload)]
				}
				src := []byte(kind + head + "\r\n" + body + "\r\n" + pad)
				want, wantN, wantErr := decodeGeneral(src)
				v, next := d.simple(src, 0)
				if next >= 0 && (wantErr != nil || next != wantN || string(AppendValue(nil, v)) != string(AppendValue(nil, want))) {
					t.Errorf("simple(%q) = %v, %d; general path: %v, %d, %v", src, v, next, want, wantN, wantErr)
				}
				if next < 0 && wantErr == nil && err == nil && n > 0 && len(pad) > 0 {
					t.Errorf("simple(%q) declined a %s", src, Kind(kind[0]))
				}
			}
		}
		// The bulk string as the second argument of a command.
		cmd := []byte("*2\r\n$1\r\nx\r\n$" + head + "\r\n" + payload + "\r\n")
		var dec Decoder
		args, _, cerr := dec.DecodeCommand(cmd)
		var gen Decoder
		GeneralOnly(&gen)
		gargs, _, gerr := gen.DecodeCommand(cmd)
		if (cerr == nil) != (gerr == nil) || cerr == nil && string(args[1]) != string(gargs[1]) {
			t.Errorf("DecodeCommand(%q) = %q, %v; general path: %q, %v", cmd, args, cerr, gargs, gerr)
		}
	}
}

func anyLine([]byte) bool { return true }

// decodeGeneral decodes src by the general path only.
func decodeGeneral(src []byte) (Value, int, error) {
	var dec Decoder
	GeneralOnly(&dec)
	return dec.Decode(src)
}

// TestSimpleLines checks simple's simple strings and errors, doubles and big
// numbers against the general path's checks (a line, then isDouble or
// isBigNumber), for bodies near the length bounds and lines cut before
// their CRLF.
func TestSimpleLines(t *testing.T) {
	bodies := []string{"", "0", "-0", "+0", "1.5", "-1.5", "+1.5", "1.", ".5", "1e", "1e5", "1E5", "1e+5", "1e-5", "1e+", "1.5e10",
		"-3.0712837e-05", "0.8817566328286436", "inf", "-inf", "+inf", "nan", "-nan", "infinity", "NaN", "1.5.5", "1e5e5",
		"1x", "x1", "1 ", " 1", "1\n", "1\r", "--1", "-", "+", "1:", "1/", "-1:", "1.5:", "1.:", "1e1:", "1e:", "12345678:", "1.12345678:", "12345678", "123456789", "1234567.8", "12345678.12345678e+12345678",
		"1\x00", "\xff", "9" + strings.Repeat("0", 30), "9" + strings.Repeat("0", 31), "9" + strings.Repeat("0", 32),
		"-" + strings.Repeat("1", 127), "-" + strings.Repeat("1", 128), strings.Repeat("1", 128), strings.Repeat("1", 129),
		"OK", "a\rb", "a\nb", strings.Repeat("e", 15) + "\r", strings.Repeat("e", 17) + "\n", strings.Repeat("e", 40) + "\r",
		strings.Repeat("e", 100) + "\n" + strings.Repeat("e", 10), "ERR unknown command 'cmd1', with args beginning with: "}
	for i := range 500 {
		f := float64(i*7919%1000-500) * math.Pow(10, float64(i%40-20))
		bodies = append(bodies, strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', i%20, 64),
			strconv.FormatFloat(f, 'f', i%20, 64), strconv.Itoa(i*i*i))
	}
	line := func(src []byte, maxLen, bound int) int { // the CR of a line within bound, or -1
		cr := bytes.Index(src, []byte("\r\n"))
		if cr < 0 || cr-1 > min(maxLen, bound) || bytes.ContainsAny(src[1:cr], "\r\n") {
			return -1
		}
		return cr
	}
	// The grammars, independent of isDouble and isBigNumber.
	double := regexp.MustCompile(`^([+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?|-?inf|-?nan)$`)
	bigNumber := regexp.MustCompile(`^-?[0-9]+$`)
	for _, body := range bodies {
		b := []byte(body)
		if isDouble(b) != double.Match(b) || isBigNumber(b) != bigNumber.Match(b) {
			t.Errorf("%q: isDouble %v, isBigNumber %v; grammars say %v, %v", body, isDouble(b), isBigNumber(b), double.Match(b), bigNumber.Match(b))
		}
	}
	for _, maxLen := range []int{DefaultMaxLineLen, 3} {
		var d decoder
		d.setLimits(Limits{MaxLineLen: maxLen})
		for _, body := range bodies {
			for _, pad := range []string{"", "\r", "+OK\r\n", strings.Repeat("x", 40)} {
				for _, c := range []struct {
					kind  byte
					bound int
					valid func([]byte) bool
				}{{',', 32, isDouble}, {'(', 128, isBigNumber}, {'+', 128, anyLine}, {'-', 128, anyLine}} {
					src := []byte(string(c.kind) + body + "\r\n" + pad)
					want := -1
					if cr := line(src, maxLen, c.bound); cr >= 0 && c.valid(src[1:cr]) {
						want = cr + 2
					}
					if v, next := d.simple(src, 0); next != want || next >= 0 && (v.Kind() != Kind(c.kind) || string(v.raw()) != body) {
						t.Errorf("simple(%q), MaxLineLen %d = %v, %d; want %d", src, maxLen, v, next, want)
					}
					for cut := range len(body) + 2 { // the line has not arrived whole
						if _, next := d.simple(src[:1+cut], 0); next >= 0 {
							t.Errorf("simple(%q) = %d for a line cut short", src[:1+cut], next)
						}
					}
				}
			}
		}
	}
}

// TestDigitRun checks digitRun on every byte value at every position of a
// word, the bytes before it digits and those after it any.
func TestDigitRun(t *testing.T) {
	for pos := range 8 {
		for c := range 256 {
			for _, after := range []byte{'0', '9', 0xFF, 0} {
				b := []byte("01234567")
				b[pos] = byte(c)
				for i := pos + 1; i < 8; i++ {
					b[i] = after
				}
				want := pos
				if c >= '0' && c <= '9' {
					want = bytes.IndexFunc(b, func(r rune) bool { return r < '0' || r > '9' })
					if want < 0 {
						want = 8
					}
				}
				if got := digitRun(binary.LittleEndian.Uint64(b)); got != want {
					t.Errorf("digitRun(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}
