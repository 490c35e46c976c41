package resp

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

func TestAppendFunctions(t *testing.T) {
	bigX, _ := new(big.Int).SetString("-3492890328409238509324850943850943825024385", 10)
	for _, c := range []struct {
		name string
		got  []byte
		want string
	}{
		{"simple string", AppendSimpleString(nil, "OK"), "+OK\r\n"},
		{"simple string bytes", AppendSimpleString(nil, []byte("OK")), "+OK\r\n"},
		{"simple string CR LF", AppendSimpleString(nil, "a\r\nb\rc\nd"), "+a  b c d\r\n"},
		{"empty simple string", AppendSimpleString(nil, ""), "+\r\n"},
		{"error", AppendError(nil, "ERR unknown"), "-ERR unknown\r\n"},
		{"error CR LF", AppendError(nil, []byte("ERR\r\nx")), "-ERR  x\r\n"},
		{"bulk string", AppendBulkString(nil, "hello"), "$5\r\nhello\r\n"},
		{"bulk string binary", AppendBulkString(nil, []byte("a\r\n\x00")), "$4\r\na\r\n\x00\r\n"},
		{"empty bulk string", AppendBulkString(nil, ""), "$0\r\n\r\n"},
		{"bulk string length 10", AppendBulkString(nil, "0123456789"), "$10\r\n0123456789\r\n"},
		{"bulk error", AppendBulkError(nil, "SYNTAX x"), "!8\r\nSYNTAX x\r\n"},
		{"verbatim", AppendVerbatimString(nil, "txt", "Some string"), "=15\r\ntxt:Some string\r\n"},
		{"verbatim bytes", AppendVerbatimString(nil, "mkd", []byte("")), "=4\r\nmkd:\r\n"},
		{"integer 0", AppendInteger(nil, 0), ":0\r\n"},
		{"integer 9", AppendInteger(nil, 9), ":9\r\n"},
		{"integer 10", AppendInteger(nil, 10), ":10\r\n"},
		{"integer -1", AppendInteger(nil, -1), ":-1\r\n"},
		{"integer min", AppendInteger(nil, math.MinInt64), ":-9223372036854775808\r\n"},
		{"integer max", AppendInteger(nil, math.MaxInt64), ":9223372036854775807\r\n"},
		{"null", AppendNull(nil), "_\r\n"},
		{"null bulk string", AppendNullBulkString(nil), "$-1\r\n"},
		{"null array", AppendNullArray(nil), "*-1\r\n"},
		{"true", AppendBool(nil, true), "#t\r\n"},
		{"false", AppendBool(nil, false), "#f\r\n"},
		{"double", AppendDouble(nil, 1.5), ",1.5\r\n"},
		{"double 0.1", AppendDouble(nil, 0.1), ",0.1\r\n"},
		{"double integral", AppendDouble(nil, 10), ",10\r\n"},
		{"double -0", AppendDouble(nil, math.Copysign(0, -1)), ",-0\r\n"},
		{"double large", AppendDouble(nil, 1e300), ",1e+300\r\n"},
		{"double small", AppendDouble(nil, 1.5e-7), ",1.5e-07\r\n"},
		{"double inf", AppendDouble(nil, math.Inf(1)), ",inf\r\n"},
		{"double -inf", AppendDouble(nil, math.Inf(-1)), ",-inf\r\n"},
		{"double nan", AppendDouble(nil, math.NaN()), ",nan\r\n"},
		{"big number", AppendBigNumber(nil, bigX), "(-3492890328409238509324850943850943825024385\r\n"},
		{"big number 0", AppendBigNumber(nil, new(big.Int)), "(0\r\n"},
		{"array len", AppendArrayLen(nil, 3), "*3\r\n"},
		{"array len 0", AppendArrayLen(nil, 0), "*0\r\n"},
		{"map len", AppendMapLen(nil, 12), "%12\r\n"},
		{"set len", AppendSetLen(nil, 2), "~2\r\n"},
		{"push len", AppendPushLen(nil, 3), ">3\r\n"},
		{"attribute len", AppendAttributeLen(nil, 1), "|1\r\n"},
		{"command", AppendCommand(nil, "SET", "k", "hello world"), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$11\r\nhello world\r\n"},
		{"command bytes", AppendCommand(nil, []byte("GET"), []byte("\r\n")), "*2\r\n$3\r\nGET\r\n$2\r\n\r\n\r\n"},
		{"empty command", AppendCommand[string](nil), "*0\r\n"},
		{"appends to dst", AppendInteger([]byte("+OK\r\n"), 1), "+OK\r\n:1\r\n"},
	} {
		if string(c.got) != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}

// TestAppendDecodes checks that what the Append functions write decodes to
// what was appended: the two sides of the codec agree.
func TestAppendDecodes(t *testing.T) {
	for _, f := range []float64{0, 1.5, -2.25, 0.1, 1e21, 1e-7, 123456789.123, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1)} {
		v, _, err := Decode(AppendDouble(nil, f))
		if err != nil || v.Float64() != f {
			t.Errorf("AppendDouble(%v) decodes to %v, %v", f, v, err)
		}
		v, _, err = Decode(AppendValue(nil, Float64Value(f)))
		if err != nil || v.Float64() != f || !v.Equal(Float64Value(f)) {
			t.Errorf("AppendValue(Float64Value(%v)) decodes to %v, %v", f, v, err)
		}
	}
	for _, n := range []int64{0, 1, -1, 9, 10, -10, 99, 100, math.MaxInt64, math.MinInt64} {
		v, _, err := Decode(AppendInteger(nil, n))
		if err != nil || v.Int64() != n {
			t.Errorf("AppendInteger(%d) decodes to %v, %v", n, v, err)
		}
	}
	args, _, err := (&Decoder{}).DecodeCommand(AppendCommand(nil, "SET", "a b", "\"q\"", ""))
	if err != nil || len(args) != 4 || string(args[1]) != "a b" || string(args[2]) != "\"q\"" || len(args[3]) != 0 {
		t.Errorf("AppendCommand decodes to %q, %v", args, err)
	}
}

// sampleValues are constructed values of every kind, with their RESP3 and
// RESP2 encodings.
var sampleValues = []struct {
	name         string
	v            Value
	resp3, resp2 string
}{
	{"simple string", SimpleStringValue("OK"), "+OK\r\n", "+OK\r\n"},
	{"simple string with CRLF", SimpleStringValue("a\r\nb"), "+a  b\r\n", "+a  b\r\n"},
	{"error", ErrorValue("ERR x"), "-ERR x\r\n", "-ERR x\r\n"},
	{"integer", Int64Value(-7), ":-7\r\n", ":-7\r\n"},
	{"bulk string", StringValue("hi"), "$2\r\nhi\r\n", "$2\r\nhi\r\n"},
	{"bytes", BytesValue([]byte("a\r\nb")), "$4\r\na\r\nb\r\n", "$4\r\na\r\nb\r\n"},
	{"null", NullValue(), "_\r\n", "$-1\r\n"},
	{"zero value", Value{}, "_\r\n", "$-1\r\n"},
	{"null bulk string", NullBulkStringValue(), "$-1\r\n", "$-1\r\n"},
	{"null array", NullArrayValue(), "*-1\r\n", "*-1\r\n"},
	{"true", BoolValue(true), "#t\r\n", ":1\r\n"},
	{"false", BoolValue(false), "#f\r\n", ":0\r\n"},
	{"double", Float64Value(1.5), ",1.5\r\n", "$3\r\n1.5\r\n"},
	{"double inf", Float64Value(math.Inf(1)), ",inf\r\n", "$3\r\ninf\r\n"},
	{"double -inf", Float64Value(math.Inf(-1)), ",-inf\r\n", "$4\r\n-inf\r\n"},
	{"double nan", Float64Value(math.NaN()), ",nan\r\n", "$3\r\nnan\r\n"},
	{"big number", bigValue("12345678901234567890"), "(12345678901234567890\r\n", "$20\r\n12345678901234567890\r\n"},
	{"bulk error", BulkErrorValue("SYNTAX x"), "!8\r\nSYNTAX x\r\n", "-SYNTAX x\r\n"},
	{"bulk error with CRLF", BulkErrorValue("a\r\nb"), "!4\r\na\r\nb\r\n", "-a  b\r\n"},
	{"verbatim", VerbatimStringValue("txt", "Some string"), "=15\r\ntxt:Some string\r\n", "$11\r\nSome string\r\n"},
	{"array", ArrayValue(Int64Value(1), StringValue("a")), "*2\r\n:1\r\n$1\r\na\r\n", "*2\r\n:1\r\n$1\r\na\r\n"},
	{"empty array", ArrayValue(), "*0\r\n", "*0\r\n"},
	{"map", MapValue(StringValue("k"), BoolValue(true), StringValue("n"), NullValue()),
		"%2\r\n$1\r\nk\r\n#t\r\n$1\r\nn\r\n_\r\n", "*4\r\n$1\r\nk\r\n:1\r\n$1\r\nn\r\n$-1\r\n"},
	{"empty map", MapValue(), "%0\r\n", "*0\r\n"},
	{"set", SetValue(StringValue("a"), Float64Value(2)), "~2\r\n$1\r\na\r\n,2\r\n", "*2\r\n$1\r\na\r\n$1\r\n2\r\n"},
	{"push", PushValue(StringValue("message"), StringValue("ch"), StringValue("hi")),
		">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"},
	{"nested", ArrayValue(MapValue(SetValue(Int64Value(1)), PushValue()), NullArrayValue()),
		"*2\r\n%1\r\n~1\r\n:1\r\n>0\r\n*-1\r\n", "*2\r\n*2\r\n*1\r\n:1\r\n*0\r\n*-1\r\n"},
	{"attributes", Int64Value(1).WithAttributes(MapValue(SimpleStringValue("ttl"), Int64Value(3))),
		"|1\r\n+ttl\r\n:3\r\n:1\r\n", ":1\r\n"},
	{"nested attributes", ArrayValue(StringValue("x").WithAttributes(MapValue(StringValue("a"), StringValue("b")))),
		"*1\r\n|1\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nx\r\n", "*1\r\n$1\r\nx\r\n"},
	{"chained attributes", Int64Value(1).WithAttributes(MapValue(Int64Value(2), Int64Value(3)).WithAttributes(MapValue(Int64Value(4), Int64Value(5)))),
		"|1\r\n:4\r\n:5\r\n|1\r\n:2\r\n:3\r\n:1\r\n", ":1\r\n"},
}

func TestAppendValue(t *testing.T) {
	for _, c := range sampleValues {
		if got := AppendValue(nil, c.v); string(got) != c.resp3 {
			t.Errorf("%s: AppendValue = %q, want %q", c.name, got, c.resp3)
		}
		if got := AppendValueRESP2(nil, c.v); string(got) != c.resp2 {
			t.Errorf("%s: AppendValueRESP2 = %q, want %q", c.name, got, c.resp2)
		}
		// The RESP3 encoding decodes back to an Equal value (simple
		// strings with CR or LF lose them, by design).
		if !strings.ContainsAny(c.name, "CRLF") {
			v, n, err := Decode([]byte(c.resp3))
			if err != nil || n != len(c.resp3) || !v.Equal(c.v) {
				t.Errorf("%s: %q decodes to %v, %v; want %v", c.name, c.resp3, v, err, c.v)
			}
		}
		// Appending keeps what dst holds.
		if got := AppendValue([]byte("xy"), c.v); string(got) != "xy"+c.resp3 {
			t.Errorf("%s: AppendValue to a non-empty dst = %q", c.name, got)
		}
	}
}

// TestAppendValueRESP2Decoded downgrades values decoded from what Redis
// sends in RESP3: doubles and big numbers keep their wire text.
func TestAppendValueRESP2Decoded(t *testing.T) {
	for in, want := range map[string]string{
		",0.10000000000000001\r\n":                "$19\r\n0.10000000000000001\r\n",
		",-nan\r\n":                               "$4\r\n-nan\r\n",
		",1.5e10\r\n":                             "$6\r\n1.5e10\r\n",
		"(-123\r\n":                               "$4\r\n-123\r\n",
		"=7\r\nmkd:abc\r\n":                       "$3\r\nabc\r\n",
		"!3\r\nERR\r\n":                           "-ERR\r\n",
		"|1\r\n+a\r\n+b\r\n%1\r\n+k\r\n#f\r\n":    "*2\r\n+k\r\n:0\r\n",
		"~?\r\n_\r\n,inf\r\n.\r\n":                "*2\r\n$-1\r\n$3\r\ninf\r\n",
		">2\r\n+invalidate\r\n*1\r\n$1\r\nk\r\n":  "*2\r\n+invalidate\r\n*1\r\n$1\r\nk\r\n",
		"$?\r\n;2\r\nab\r\n;0\r\n":                "$2\r\nab\r\n",
		"*3\r\n$-1\r\n*-1\r\n_\r\n":               "*3\r\n$-1\r\n*-1\r\n$-1\r\n",
		"%1\r\n|1\r\n+x\r\n+y\r\n+k\r\n(1\r\n":    "*2\r\n+k\r\n$1\r\n1\r\n",
		"*1\r\n%1\r\n*1\r\n:1\r\n~1\r\n#t\r\n":    "*1\r\n*2\r\n*1\r\n:1\r\n*1\r\n:1\r\n",
		"%2\r\n+a\r\n,1\r\n+b\r\n=5\r\ntxt:x\r\n": "*4\r\n+a\r\n$1\r\n1\r\n+b\r\n$1\r\nx\r\n",
	} {
		v, _, err := Decode([]byte(in))
		if err != nil {
			t.Fatalf("Decode(%q): %v", in, err)
		}
		if got := AppendValueRESP2(nil, v); string(got) != want {
			t.Errorf("AppendValueRESP2(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAppendAllocs(t *testing.T) {
	values := make([]Value, len(decodeCases))
	for i, c := range decodeCases {
		v, _, err := Decode([]byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		values[i] = v.Clone()
	}
	for _, c := range sampleValues {
		values = append(values, c.v)
	}
	buf := make([]byte, 0, 64<<10)
	if n := testing.AllocsPerRun(50, func() {
		b := buf[:0]
		for _, v := range values {
			b = AppendValue(b, v)
			b = AppendValueRESP2(b, v)
		}
	}); n != 0 {
		t.Errorf("AppendValue: %v allocations, want 0", n)
	}
	s, bs := "hello", []byte("world")
	if n := testing.AllocsPerRun(50, func() {
		b := buf[:0]
		b = AppendSimpleString(b, s)
		b = AppendSimpleString(b, bs)
		b = AppendError(b, s)
		b = AppendBulkString(b, s)
		b = AppendBulkString(b, bs)
		b = AppendBulkError(b, bs)
		b = AppendVerbatimString(b, "txt", s)
		b = AppendInteger(b, -123456789)
		b = AppendNull(b)
		b = AppendNullBulkString(b)
		b = AppendNullArray(b)
		b = AppendBool(b, true)
		b = AppendDouble(b, 3.25)
		b = AppendDouble(b, math.Inf(-1))
		b = AppendArrayLen(b, 12)
		b = AppendMapLen(b, 3)
		b = AppendSetLen(b, 4)
		b = AppendPushLen(b, 5)
		b = AppendAttributeLen(b, 1)
		b = AppendCommand(b, s, s, s)
		_ = AppendCommand(b, bs, bs)
	}); n != 0 {
		t.Errorf("Append functions: %v allocations, want 0", n)
	}
}

// TestAppendBigNumberAllocs: AppendBigNumber into a buffer with capacity
// allocates nothing for a number in the int64 range (beyond it, formatting
// allocates, as documented).
func TestAppendBigNumberAllocs(t *testing.T) {
	buf := make([]byte, 0, 1024)
	for _, x := range []*big.Int{big.NewInt(-1234567), big.NewInt(math.MaxInt64), big.NewInt(math.MinInt64), new(big.Int)} {
		if n := testing.AllocsPerRun(50, func() { _ = AppendBigNumber(buf[:0], x) }); n != 0 {
			t.Errorf("AppendBigNumber(%v): %v allocations, want 0", x, n)
		}
	}
	// Beyond int64 the digits are still right.
	huge, _ := new(big.Int).SetString("-92233720368547758080", 10)
	if got := AppendBigNumber(nil, huge); string(got) != "(-92233720368547758080\r\n" {
		t.Errorf("AppendBigNumber(%v) = %q", huge, got)
	}
}

// TestAppendIntegerDigits checks the eight-at-a-time formatting against
// strconv at every width and at the edges of int64.
func TestAppendIntegerDigits(t *testing.T) {
	ns := []int64{0, 1, -1, 9, 10, 99, 100, 999, 1000, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	for p := int64(1); p <= 1e18; p *= 10 {
		ns = append(ns, p-1, p, p+1, -p+1, -p, -p-1, p*7/3, -p*7/3)
	}
	for i := range 1000 {
		ns = append(ns, int64(uint64(i)*0x9E3779B97F4A7C15))
	}
	for _, n := range ns {
		if got, want := string(AppendInteger(nil, n)), ":"+strconv.FormatInt(n, 10)+"\r\n"; got != want {
			t.Errorf("AppendInteger(%d) = %q, want %q", n, got, want)
		}
		if got, want := string(AppendArrayLen(nil, int(n))), "*"+strconv.FormatInt(n, 10)+"\r\n"; got != want {
			t.Errorf("AppendArrayLen(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestAppendLineCRLF puts a CR or LF at every position of lines of many
// lengths, across the eight-byte words the scan reads: each becomes a space.
func TestAppendLineCRLF(t *testing.T) {
	for n := 1; n <= 40; n++ {
		for i := range n {
			for _, c := range []byte{'\r', '\n', 0x0D ^ 0x80, 0x0E, 0x0C} {
				b := []byte(strings.Repeat("x", n))
				b[i] = c
				want := string(b)
				if c == '\r' || c == '\n' {
					want = want[:i] + " " + want[i+1:]
				}
				if got := string(AppendError(nil, b)); got != "-"+want+"\r\n" {
					t.Fatalf("AppendError(%q) = %q, want %q", b, got, "-"+want+"\r\n")
				}
			}
		}
	}
}

// TestAppendBulkRoom writes bulk strings of lengths on both sides of the
// short-header path (under 100 bytes, with 8 bytes to spare) into buffers
// with every amount of room around that threshold: the bytes must not
// depend on the path, bytes before the append must stay, and no byte past
// the buffer's capacity may be touched.
func TestAppendBulkRoom(t *testing.T) {
	for n := range 130 {
		s := strings.Repeat("v", n)
		bulk := "$" + strconv.Itoa(n) + "\r\n" + s + "\r\n"
		for room := 0; room <= n+12; room++ {
			for _, c := range []struct {
				name   string
				append func([]byte) []byte
				want   string
			}{
				{"AppendBulkString", func(b []byte) []byte { return AppendBulkString(b, s) }, bulk},
				{"AppendCommand", func(b []byte) []byte { return AppendCommand(b, s) }, "*1\r\n" + bulk},
				{"AppendValue", func(b []byte) []byte { return AppendValue(b, ArrayValue(StringValue(s))) }, "*1\r\n" + bulk},
			} {
				backing := []byte("pre" + strings.Repeat("#", room+16))
				if got := string(c.append(backing[: 3 : 3+room])); got != "pre"+c.want {
					t.Fatalf("%s(room %d, %d bytes) = %q, want %q", c.name, room, n, got, "pre"+c.want)
				}
				if tail := string(backing[3+room:]); tail != strings.Repeat("#", 16) {
					t.Fatalf("%s(room %d, %d bytes) wrote past the capacity: %q", c.name, room, n, tail)
				}
			}
		}
	}
}
