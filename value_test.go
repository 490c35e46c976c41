package resp

import (
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// bigValue returns a big number from its decimal text.
func bigValue(s string) Value {
	x, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad big number " + s)
	}
	return BigNumberValue(x)
}

// TestValueShape guards the size the docs promise and the field count that
// lets the compiler keep a Value in registers (at most four fields).
func TestValueShape(t *testing.T) {
	if n := reflect.TypeFor[Value]().NumField(); n > 4 {
		t.Errorf("Value has %d fields, want at most 4", n)
	}
	if want := 4 * unsafe.Sizeof(uintptr(0)); unsafe.Sizeof(Value{}) != want {
		t.Errorf("Value is %d bytes, want %d", unsafe.Sizeof(Value{}), want)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{
		KindSimpleString: "simple string", KindSimpleError: "simple error", KindInteger: "integer",
		KindBulkString: "bulk string", KindArray: "array", KindNull: "null", KindBoolean: "boolean",
		KindDouble: "double", KindBigNumber: "big number", KindBulkError: "bulk error",
		KindVerbatimString: "verbatim string", KindMap: "map", KindSet: "set", KindPush: "push",
		Kind('x'): `Kind('x')`, Kind(0): `Kind('\x00')`,
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%q).String() = %q, want %q", byte(k), got, want)
		}
	}
	// The constants are the wire bytes.
	if KindSimpleString != '+' || KindSimpleError != '-' || KindInteger != ':' || KindBulkString != '$' ||
		KindArray != '*' || KindNull != '_' || KindBoolean != '#' || KindDouble != ',' || KindBigNumber != '(' ||
		KindBulkError != '!' || KindVerbatimString != '=' || KindMap != '%' || KindSet != '~' || KindPush != '>' {
		t.Error("Kind constants are not the RESP type bytes")
	}
}

func TestConstructors(t *testing.T) {
	elems := []Value{Int64Value(1), StringValue("a")}
	cases := []struct {
		name  string
		v     Value
		kind  Kind
		len   int
		bytes string // for string-like kinds
	}{
		{"simple string", SimpleStringValue("OK"), KindSimpleString, 2, "OK"},
		{"error", ErrorValue("ERR x"), KindSimpleError, 5, "ERR x"},
		{"bulk error", BulkErrorValue("SYNTAX x"), KindBulkError, 8, "SYNTAX x"},
		{"string", StringValue("hello"), KindBulkString, 5, "hello"},
		{"bytes", BytesValue([]byte("hi")), KindBulkString, 2, "hi"},
		{"empty bytes", BytesValue(nil), KindBulkString, 0, ""},
		{"integer", Int64Value(-42), KindInteger, 0, ""},
		{"bool", BoolValue(true), KindBoolean, 0, ""},
		{"double", Float64Value(1.5), KindDouble, 3, "1.5"},
		{"double inf", Float64Value(math.Inf(-1)), KindDouble, 4, "-inf"},
		{"double nan", Float64Value(math.NaN()), KindDouble, 3, "nan"},
		{"double 1e21", Float64Value(1e21), KindDouble, 5, "1e+21"},
		{"big number", bigValue("-123456789012345678901234567890"), KindBigNumber, 31, "-123456789012345678901234567890"},
		{"verbatim", VerbatimStringValue("mkd", "# x"), KindVerbatimString, 3, "# x"},
		{"null", NullValue(), KindNull, 0, ""},
		{"zero value", Value{}, KindNull, 0, ""},
		{"null bulk", NullBulkStringValue(), KindNull, 0, ""},
		{"null array", NullArrayValue(), KindNull, 0, ""},
		{"array", ArrayValue(elems...), KindArray, 2, ""},
		{"set", SetValue(elems...), KindSet, 2, ""},
		{"push", PushValue(elems...), KindPush, 2, ""},
		{"map", MapValue(elems...), KindMap, 1, ""},
		{"empty array", ArrayValue(), KindArray, 0, ""},
	}
	for _, c := range cases {
		if c.v.Kind() != c.kind || c.v.Len() != c.len {
			t.Errorf("%s: Kind %v, Len %d; want %v, %d", c.name, c.v.Kind(), c.v.Len(), c.kind, c.len)
		}
		if c.bytes != "" && string(c.v.Bytes()) != c.bytes {
			t.Errorf("%s: Bytes %q, want %q", c.name, c.v.Bytes(), c.bytes)
		}
		if _, ok := c.v.Attributes(); ok {
			t.Errorf("%s: has attributes", c.name)
		}
		if c.v.IsNull() != (c.kind == KindNull) {
			t.Errorf("%s: IsNull %v", c.name, c.v.IsNull())
		}
		if c.v.IsError() != (c.kind == KindSimpleError || c.kind == KindBulkError) {
			t.Errorf("%s: IsError %v", c.name, c.v.IsError())
		}
		if agg := c.kind == KindArray || c.kind == KindSet || c.kind == KindPush || c.kind == KindMap; !agg && c.v.Elems() != nil {
			t.Errorf("%s: Elems %v, want nil", c.name, c.v.Elems())
		}
	}
	if Int64Value(-42).Int64() != -42 || Int64Value(math.MinInt64).Int64() != math.MinInt64 {
		t.Error("Int64")
	}
	if !BoolValue(true).Bool() || BoolValue(false).Bool() {
		t.Error("Bool")
	}
	if f := Float64Value(math.Copysign(0, -1)).Float64(); f != 0 || !math.Signbit(f) {
		t.Error("Float64 of -0")
	}
	if x := bigValue("123456789012345678901234567890").BigInt(); x.String() != "123456789012345678901234567890" {
		t.Errorf("BigInt = %v", x)
	}
	if f := VerbatimStringValue("txt", "x").Format(); string(f) != "txt" {
		t.Errorf("Format = %q", f)
	}
	if NullValue().NullKind() != KindNull || NullBulkStringValue().NullKind() != KindBulkString ||
		NullArrayValue().NullKind() != KindArray || (Value{}).NullKind() != KindNull || Int64Value(0).NullKind() != 0 {
		t.Error("NullKind")
	}
	m := MapValue(elems...)
	if got := m.Elems(); len(got) != 2 || got[0].Int64() != 1 || string(got[1].Bytes()) != "a" {
		t.Errorf("map Elems = %v", got)
	}
	a := StringValue("x").WithAttributes(MapValue(SimpleStringValue("k"), Int64Value(1)))
	if at, ok := a.Attributes(); !ok || at.Kind() != KindMap || at.Len() != 1 || string(a.Bytes()) != "x" {
		t.Errorf("WithAttributes: %v %v", at, ok)
	}
}

// mustPanic fails unless f panics.
func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", name)
		}
	}()
	f()
}

func TestAccessorPanics(t *testing.T) {
	s, i := StringValue("1"), Int64Value(1)
	mustPanic(t, "Int64 of string", func() { s.Int64() })
	mustPanic(t, "Int64 of null", func() { NullValue().Int64() })
	mustPanic(t, "Bool of integer", func() { i.Bool() })
	mustPanic(t, "Float64 of integer", func() { i.Float64() })
	mustPanic(t, "BigInt of string", func() { s.BigInt() })
	mustPanic(t, "Bytes of integer", func() { i.Bytes() })
	mustPanic(t, "Bytes of array", func() { ArrayValue(s).Bytes() })
	mustPanic(t, "Bytes of null", func() { NullValue().Bytes() })
	mustPanic(t, "Bytes of bool", func() { BoolValue(true).Bytes() })
	mustPanic(t, "Format of bulk string", func() { s.Format() })
	odd := []Value{s}
	mustPanic(t, "MapValue odd", func() { MapValue(odd...) })
	mustPanic(t, "WithAttributes of array", func() { s.WithAttributes(ArrayValue()) })
	mustPanic(t, "verbatim format too short", func() { VerbatimStringValue("tx", "a") })
	mustPanic(t, "verbatim format with colon", func() { VerbatimStringValue("t:x", "a") })
	mustPanic(t, "AppendVerbatimString format", func() { AppendVerbatimString(nil, "text", "a") })
}

func TestEqual(t *testing.T) {
	negZero := math.Copysign(0, -1)
	dec := func(in string) Value {
		v, _, err := Decode([]byte(in))
		if err != nil {
			t.Fatalf("Decode(%q): %v", in, err)
		}
		return v
	}
	at := func(v Value, k string) Value { return v.WithAttributes(MapValue(SimpleStringValue(k), Int64Value(1))) }
	cases := []struct {
		name string
		a, b Value
		want bool
	}{
		{"same string", StringValue("a"), BytesValue([]byte("a")), true},
		{"different string", StringValue("a"), StringValue("b"), false},
		{"empty strings", StringValue(""), BytesValue(nil), true},
		{"bulk vs simple", StringValue("a"), SimpleStringValue("a"), false},
		{"simple vs error", SimpleStringValue("a"), ErrorValue("a"), false},
		{"error vs bulk error", ErrorValue("a"), BulkErrorValue("a"), false},
		{"integers", Int64Value(5), Int64Value(5), true},
		{"different integers", Int64Value(5), Int64Value(6), false},
		{"integer vs bool", Int64Value(1), BoolValue(true), false},
		{"bools", BoolValue(false), BoolValue(false), true},
		{"different bools", BoolValue(false), BoolValue(true), false},
		{"NaN", Float64Value(math.NaN()), Float64Value(math.NaN()), true},
		{"decoded -nan vs NaN", dec(",-nan\r\n"), Float64Value(math.NaN()), true},
		{"NaN vs 0", Float64Value(math.NaN()), Float64Value(0), false},
		{"0 vs -0", Float64Value(0), Float64Value(negZero), false},
		{"decoded -0 vs -0", dec(",-0\r\n"), Float64Value(negZero), true},
		{"double by value not text", dec(",0.10000000000000001\r\n"), dec(",0.1\r\n"), true},
		{"double 10 vs 1e1", dec(",10\r\n"), dec(",1e1\r\n"), true},
		{"inf", dec(",inf\r\n"), Float64Value(math.Inf(1)), true},
		{"inf vs -inf", Float64Value(math.Inf(1)), Float64Value(math.Inf(-1)), false},
		{"double vs big number", Float64Value(1), bigValue("1"), false},
		{"big numbers", dec("(12345678901234567890\r\n"), bigValue("12345678901234567890"), true},
		{"verbatim", dec("=7\r\ntxt:abc\r\n"), VerbatimStringValue("txt", "abc"), true},
		{"verbatim formats differ", VerbatimStringValue("txt", "abc"), VerbatimStringValue("mkd", "abc"), false},
		{"null forms: _ vs $-1", NullValue(), NullBulkStringValue(), false},
		{"null forms: _ vs *-1", NullValue(), NullArrayValue(), false},
		{"null forms: $-1 vs *-1", NullBulkStringValue(), NullArrayValue(), false},
		{"zero value is _", Value{}, NullValue(), true},
		{"decoded $-1", dec("$-1\r\n"), NullBulkStringValue(), true},
		{"null vs empty string", NullBulkStringValue(), StringValue(""), false},
		{"null array vs empty array", NullArrayValue(), ArrayValue(), false},
		{"arrays", ArrayValue(Int64Value(1), StringValue("x")), dec("*2\r\n:1\r\n$1\r\nx\r\n"), true},
		{"array lengths", ArrayValue(Int64Value(1)), ArrayValue(Int64Value(1), Int64Value(1)), false},
		{"array elements", ArrayValue(Int64Value(1)), ArrayValue(Int64Value(2)), false},
		{"array vs set", ArrayValue(Int64Value(1)), SetValue(Int64Value(1)), false},
		{"set vs push", SetValue(Int64Value(1)), PushValue(Int64Value(1)), false},
		{"empty array vs empty map", ArrayValue(), MapValue(), false},
		{"maps", MapValue(StringValue("k"), Int64Value(1)), dec("%1\r\n$1\r\nk\r\n:1\r\n"), true},
		{"map order matters", MapValue(Int64Value(1), Int64Value(2), Int64Value(3), Int64Value(4)), MapValue(Int64Value(3), Int64Value(4), Int64Value(1), Int64Value(2)), false},
		{"map vs flat array", MapValue(Int64Value(1), Int64Value(2)), ArrayValue(Int64Value(1), Int64Value(2)), false},
		{"attributes", at(Int64Value(1), "a"), at(Int64Value(1), "a"), true},
		{"attributes vs none", at(Int64Value(1), "a"), Int64Value(1), false},
		{"none vs attributes", Int64Value(1), at(Int64Value(1), "a"), false},
		{"attributes differ", at(Int64Value(1), "a"), at(Int64Value(1), "b"), false},
		{"nested attributes differ", ArrayValue(at(Int64Value(1), "a")), ArrayValue(at(Int64Value(1), "b")), false},
		{"empty attributes vs none", Int64Value(1).WithAttributes(MapValue()), Int64Value(1), false},
		{"decoded attributes", dec("|1\r\n+a\r\n:1\r\n:1\r\n"), at(Int64Value(1), "a"), true},
		{"streamed vs sized", dec("*?\r\n:1\r\n.\r\n"), dec("*1\r\n:1\r\n"), true},
	}
	for _, c := range cases {
		if got := c.a.Equal(c.b); got != c.want {
			t.Errorf("%s: a.Equal(b) = %v, want %v", c.name, got, c.want)
		}
		if got := c.b.Equal(c.a); got != c.want {
			t.Errorf("%s: b.Equal(a) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestClone(t *testing.T) {
	for _, c := range decodeCases {
		buf := []byte(c.in)
		var dec Decoder
		v, _, err := dec.Decode(buf)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		cl := v.Clone()
		// Overwrite what the decoded value aliases: the input buffer and
		// the Decoder's memory.
		for i := range buf {
			buf[i] = 'X'
		}
		if _, _, err := dec.Decode([]byte(strings.Repeat("*2\r\n$1\r\nz\r\n|1\r\n+q\r\n+q\r\n%1\r\n:9\r\n:9\r\n", 1))); err != nil {
			t.Fatal(err)
		}
		if !cl.Equal(c.want) {
			t.Errorf("%s: clone = %v after the source changed, want %v", c.name, cl, c.want)
		}
		if got := AppendValue(nil, cl); c.sized == "" && string(got) != c.in {
			t.Errorf("%s: clone encodes as %q, want %q", c.name, got, c.in)
		}
	}
	// Clone through a Reader: the clone survives the next read.
	r := NewReaderSize(strings.NewReader("*2\r\n$3\r\nabc\r\n%1\r\n+k\r\n|1\r\n+a\r\n+b\r\n,1.5\r\n*2\r\n$3\r\nxyz\r\n%1\r\n+q\r\n,2.5\r\n"), 16)
	v, err := r.ReadValue()
	if err != nil {
		t.Fatal(err)
	}
	cl := v.Clone()
	want := ArrayValue(StringValue("abc"), MapValue(SimpleStringValue("k"), Float64Value(1.5).WithAttributes(MapValue(SimpleStringValue("a"), SimpleStringValue("b")))))
	if _, err := r.ReadValue(); err != nil {
		t.Fatal(err)
	}
	if !cl.Equal(want) || string(AppendValue(nil, cl)) != "*2\r\n$3\r\nabc\r\n%1\r\n+k\r\n|1\r\n+a\r\n+b\r\n,1.5\r\n" {
		t.Errorf("clone after next read = %v", cl)
	}
	// At most two allocations, however deep and wide the value.
	big, _, err := Decode([]byte("|1\r\n+a\r\n+b\r\n*3\r\n$3\r\nabc\r\n%2\r\n+k\r\n~2\r\n:1\r\n(123\r\n*1\r\n=7\r\ntxt:abc\r\n,1.5\r\n>2\r\n+m\r\n|1\r\n+c\r\n+d\r\n$1\r\nx\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []Value{big, StringValue("abc"), Int64Value(1), ArrayValue(Int64Value(1))} {
		var cl Value
		if n := testing.AllocsPerRun(100, func() { cl = v.Clone() }); n > 2 {
			t.Errorf("Clone(%v) made %v allocations, want at most 2", v, n)
		}
		if !cl.Equal(v) {
			t.Errorf("Clone(%v) = %v", v, cl)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = Int64Value(1).Clone() }); n != 0 {
		t.Errorf("Clone of an integer allocates %v times", n)
	}
	// Clone of a constructed value detaches from the caller's slices.
	b := []byte("abc")
	elems := []Value{BytesValue(b)}
	cv := ArrayValue(elems...).Clone()
	b[0] = 'X'
	elems[0] = Int64Value(1)
	if !cv.Equal(ArrayValue(StringValue("abc"))) {
		t.Errorf("clone of constructed value = %v", cv)
	}
}

func TestString(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{SimpleStringValue("OK"), "OK"},
		{ErrorValue("ERR x"), "ERR x"},
		{StringValue("hello world"), "hello world"},
		{BulkErrorValue("SYNTAX"), "SYNTAX"},
		{Int64Value(-12), "-12"},
		{BoolValue(true), "true"},
		{BoolValue(false), "false"},
		{Float64Value(1.5), "1.5"},
		{Float64Value(math.Inf(1)), "inf"},
		{bigValue("-12345678901234567890"), "-12345678901234567890"},
		{VerbatimStringValue("txt", "hi"), "hi"},
		{NullValue(), "<nil>"},
		{NullBulkStringValue(), "<nil>"},
		{NullArrayValue(), "<nil>"},
		{ArrayValue(Int64Value(1), StringValue("a"), NullValue()), "[1 a <nil>]"},
		{ArrayValue(), "[]"},
		{SetValue(Int64Value(1), ArrayValue(Int64Value(2))), "[1 [2]]"},
		{PushValue(StringValue("message"), StringValue("ch")), "[message ch]"},
		{MapValue(StringValue("a"), Int64Value(1), StringValue("b"), ArrayValue(BoolValue(true))), "map[a:1 b:[true]]"},
		{MapValue(), "map[]"},
		{Int64Value(7).WithAttributes(MapValue(StringValue("k"), StringValue("v"))), "7"},
	} {
		if got := c.v.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
	v, _, err := Decode([]byte(",0.10000000000000001\r\n"))
	if err != nil || v.String() != "0.10000000000000001" {
		t.Errorf("decoded double String() = %q, %v", v.String(), err)
	}
}
