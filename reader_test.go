package resp

import (
	"bytes"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// corpus returns every decode case concatenated, and the values.
func corpus() (string, []Value) {
	var sb strings.Builder
	var want []Value
	for _, c := range decodeCases {
		sb.WriteString(c.in)
		want = append(want, c.want)
	}
	return sb.String(), want
}

func TestReaderStream(t *testing.T) {
	in, want := corpus()
	for _, size := range []int{16, 64, 4096} {
		for _, f := range feeds {
			r := NewReaderSize(f.wrap(strings.NewReader(in)), size)
			off := int64(0)
			for i, w := range want {
				v, err := r.ReadValue()
				if err != nil || !v.Equal(w) {
					t.Fatalf("size %d %s: value %d (%s) = %v, %v; want %v", size, f.name, i, decodeCases[i].name, v, err, w)
				}
				off += int64(len(decodeCases[i].in))
				if r.InputOffset() != off {
					t.Fatalf("size %d %s: InputOffset %d after value %d, want %d", size, f.name, r.InputOffset(), i, off)
				}
			}
			for range 2 {
				if _, err := r.ReadValue(); err != io.EOF {
					t.Fatalf("size %d %s: at the end: %v, want io.EOF", size, f.name, err)
				}
			}
		}
	}
}

func TestReaderEOF(t *testing.T) {
	r := NewReader(strings.NewReader(""))
	for range 2 {
		if v, err := r.ReadValue(); err != io.EOF || !v.Equal(Value{}) {
			t.Errorf("empty stream: %v, %v", v, err)
		}
	}
	r = NewReader(strings.NewReader("+OK\r\n+O"))
	if _, err := r.ReadValue(); err != nil {
		t.Fatal(err)
	}
	if r.Buffered() != 2 {
		t.Errorf("Buffered = %d, want 2", r.Buffered())
	}
	for range 2 {
		if _, err := r.ReadValue(); err != io.ErrUnexpectedEOF {
			t.Errorf("mid-value: %v, want io.ErrUnexpectedEOF", err)
		}
	}
	// ReadCommand follows the same rules, for multibulk and inline.
	for in, want := range map[string]error{"": io.EOF, "\r\n\r\n": io.EOF, "*0\r\n": io.EOF, "*1\r\n$3\r\nab": io.ErrUnexpectedEOF, "PIN": io.ErrUnexpectedEOF, "*1\r\n": io.ErrUnexpectedEOF} {
		r := NewReader(iotest.OneByteReader(strings.NewReader(in)))
		for range 2 {
			if args, err := r.ReadCommand(); err != want {
				t.Errorf("ReadCommand(%q) = %q, %v; want %v", in, args, err, want)
			}
		}
	}
}

func TestReaderStickyError(t *testing.T) {
	in := ":1\r\n:2\r\n:x\r\n:3\r\n"
	r := NewReader(strings.NewReader(in))
	for i := int64(1); i <= 2; i++ {
		if v, err := r.ReadValue(); err != nil || v.Int64() != i {
			t.Fatalf("value %d: %v, %v", i, v, err)
		}
	}
	_, err := r.ReadValue()
	wantProtocolError(t, "bad integer", err, ErrInvalidInteger, 9)
	for range 3 {
		if _, err2 := r.ReadValue(); err2 != err {
			t.Fatalf("next ReadValue = %v, want the same %v", err2, err)
		}
		if _, err2 := r.ReadCommand(); err2 != err {
			t.Fatalf("next ReadCommand = %v, want the same %v", err2, err)
		}
		if _, _, err2 := r.ReadBulkStream(); err2 != err {
			t.Fatalf("next ReadBulkStream = %v, want the same %v", err2, err)
		}
	}
	// Reset clears the error and the offset.
	r.Reset(strings.NewReader("_\r\n:5\r\n"))
	if r.InputOffset() != 0 || r.Buffered() != 0 {
		t.Errorf("after Reset: InputOffset %d, Buffered %d", r.InputOffset(), r.Buffered())
	}
	if v, err := r.ReadValue(); err != nil || !v.IsNull() {
		t.Fatalf("after Reset: %v, %v", v, err)
	}
	if v, err := r.ReadValue(); err != nil || v.Int64() != 5 || r.InputOffset() != 7 {
		t.Fatalf("after Reset: %v, %v, offset %d", v, err, r.InputOffset())
	}
	// Reset after the buffer has moved on: offsets count from the new
	// stream's start.
	r = NewReaderSize(strings.NewReader(strings.Repeat("+hello\r\n", 100)), 16)
	for range 100 {
		if _, err := r.ReadValue(); err != nil {
			t.Fatal(err)
		}
	}
	r.Reset(strings.NewReader(":1\r\n_x\r\n"))
	if r.InputOffset() != 0 {
		t.Errorf("InputOffset %d after Reset", r.InputOffset())
	}
	if _, err := r.ReadValue(); err != nil || r.InputOffset() != 4 {
		t.Fatalf("after Reset: %v, offset %d", err, r.InputOffset())
	}
	_, err = r.ReadValue()
	wantProtocolError(t, "after Reset", err, ErrInvalidNull, 5)
	// Reset drops buffered input and keeps the limits.
	r = NewReader(strings.NewReader("+a\r\n+b\r\n"))
	r.MaxLineLen = 3
	if _, err := r.ReadValue(); err != nil {
		t.Fatal(err)
	}
	r.Reset(strings.NewReader("+abcd\r\n"))
	_, err = r.ReadValue()
	if !errors.Is(err, ErrLineTooLong) {
		t.Errorf("after Reset with MaxLineLen 3: %v", err)
	}
}

// TestReaderOffsetFarIn puts garbage after many values, through small and
// growing buffers, and checks the offset counts from the stream start.
func TestReaderOffsetFarIn(t *testing.T) {
	var sb strings.Builder
	for i := range 2000 {
		sb.WriteString(string(AppendValue(nil, ArrayValue(Int64Value(int64(i)), StringValue(strings.Repeat("x", i%37))))))
	}
	good := sb.String()
	for _, bad := range []struct {
		in    string
		class error
		off   int
	}{
		{"_x\r\n", ErrInvalidNull, 1},
		{"*2\r\n:1\r\n$3\r\nabcd", ErrMissingCRLF, 15},
		{"%?\r\n+a\r\n.\r\n", ErrInvalidStream, 8},
	} {
		for _, size := range []int{16, 4096} {
			for _, f := range feeds {
				r := NewReaderSize(f.wrap(strings.NewReader(good+bad.in)), size)
				for r.InputOffset() < int64(len(good)) {
					if _, err := r.ReadValue(); err != nil {
						t.Fatalf("%s: %v", f.name, err)
					}
				}
				_, err := r.ReadValue()
				wantProtocolError(t, f.name+" size "+strconv.Itoa(size), err, bad.class, int64(len(good)+bad.off))
			}
		}
	}
}

var errFlaky = errors.New("flaky read")

// flakyReader returns errFlaky with no data on every third call.
type flakyReader struct {
	r     io.Reader
	calls int
}

func (f *flakyReader) Read(p []byte) (int, error) {
	if f.calls++; f.calls%3 == 0 {
		return 0, errFlaky
	}
	return f.r.Read(p)
}

// TestReaderTransientErrors: a read error other than EOF is returned, and
// the next call resumes and reads the value whole.
func TestReaderTransientErrors(t *testing.T) {
	in, want := corpus()
	for _, c := range []struct {
		name string
		src  func() io.Reader
		err  error
	}{
		{"timeout", func() io.Reader { return iotest.TimeoutReader(iotest.OneByteReader(strings.NewReader(in))) }, iotest.ErrTimeout},
		{"flaky", func() io.Reader { return &flakyReader{r: iotest.OneByteReader(strings.NewReader(in))} }, errFlaky},
		{"flaky half", func() io.Reader { return &flakyReader{r: iotest.HalfReader(strings.NewReader(in))} }, errFlaky},
	} {
		for _, size := range []int{16, 4096} {
			r := NewReaderSize(c.src(), size)
			errs := 0
			for i := 0; i < len(want); {
				v, err := r.ReadValue()
				if err == c.err {
					if errs++; errs > 10*len(in) {
						t.Fatalf("%s: no progress", c.name)
					}
					continue
				}
				if err != nil || !v.Equal(want[i]) {
					t.Fatalf("%s size %d: value %d = %v, %v; want %v", c.name, size, i, v, err, want[i])
				}
				i++
			}
			for {
				_, err := r.ReadValue()
				if err == c.err {
					errs++
					continue
				}
				if err != io.EOF {
					t.Errorf("%s: at the end: %v", c.name, err)
				}
				break
			}
			if errs == 0 && size == 16 {
				t.Errorf("%s: the error never happened", c.name)
			}
		}
	}
	// The same for commands.
	cmds := "*2\r\n$3\r\nGET\r\n$1\r\nk\r\nSET k \"v w\"\r\n*1\r\n$4\r\nPING\r\n"
	r := NewReaderSize(&flakyReader{r: iotest.OneByteReader(strings.NewReader(cmds))}, 16)
	var got []string
	for {
		args, err := r.ReadCommand()
		if err == errFlaky {
			continue
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(bytes.Join(args, []byte("|"))))
	}
	if strings.Join(got, ",") != "GET|k,SET|k|v w,PING" {
		t.Errorf("commands through a flaky reader: %q", got)
	}
}

// zeroReader returns (0, nil) forever, after data.
type zeroReader struct{ data string }

func (z *zeroReader) Read(p []byte) (int, error) {
	n := copy(p, z.data)
	z.data = z.data[n:]
	return n, nil
}

func TestReaderNoProgress(t *testing.T) {
	for _, data := range []string{"", "+OK", "*2\r\n:1\r\n"} {
		r := NewReader(&zeroReader{data: data})
		if _, err := r.ReadValue(); err != io.ErrNoProgress {
			t.Errorf("ReadValue after %q: %v, want io.ErrNoProgress", data, err)
		}
	}
	for _, data := range []string{"", "PIN", "*2\r\n$1\r\nx\r\n"} {
		r := NewReader(&zeroReader{data: data})
		if _, err := r.ReadCommand(); err != io.ErrNoProgress {
			t.Errorf("ReadCommand after %q: %v, want io.ErrNoProgress", data, err)
		}
	}
	r := NewReader(&zeroReader{data: "$10\r\nab"})
	_, body, err := r.ReadBulkStream()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(body); err != io.ErrNoProgress {
		t.Errorf("BulkReader over a stalled reader: %v, want io.ErrNoProgress", err)
	}
}

// TestLinearTime reads large inputs one byte per Read: time must grow
// linearly with size, not quadratically. Timings are noisy, so the bound
// is loose: a 4x larger input may take at most 10x longer (quadratic would
// be 16x) and any input well under 10 s; re-scanning from the start of the
// buffer at every byte would take hours.
func TestLinearTime(t *testing.T) {
	for _, c := range []struct {
		name  string
		input func(n int) []byte
		read  func(r *Reader, n int) error
	}{
		{"array of mixed elements", func(n int) []byte {
			b := AppendArrayLen(nil, n)
			for i := range n {
				if i%2 == 0 {
					b = AppendInteger(b, int64(i))
				} else {
					b = AppendBulkString(b, "hello")
				}
			}
			return b
		}, func(r *Reader, n int) error {
			v, err := r.ReadValue()
			if err == nil && v.Len() != n {
				err = errors.New("wrong length " + strconv.Itoa(v.Len()))
			}
			return err
		}},
		{"streamed map", func(n int) []byte {
			b := []byte("%?\r\n")
			for i := range n / 2 {
				b = AppendInteger(b, int64(i))
				b = AppendSimpleString(b, "v")
			}
			return append(b, ".\r\n"...)
		}, func(r *Reader, n int) error {
			v, err := r.ReadValue()
			if err == nil && v.Len() != n/2 {
				err = errors.New("wrong length " + strconv.Itoa(v.Len()))
			}
			return err
		}},
		{"command", func(n int) []byte {
			b := AppendArrayLen(nil, n)
			for range n {
				b = AppendBulkString(b, "arg")
			}
			return b
		}, func(r *Reader, n int) error {
			args, err := r.ReadCommand()
			if err == nil && len(args) != n {
				err = errors.New("wrong length " + strconv.Itoa(len(args)))
			}
			return err
		}},
		{"bulk string of 10n bytes", func(n int) []byte {
			return AppendBulkString(nil, bytes.Repeat([]byte("x"), 10*n))
		}, func(r *Reader, n int) error {
			v, err := r.ReadValue()
			if err == nil && v.Len() != 10*n {
				err = errors.New("wrong length " + strconv.Itoa(v.Len()))
			}
			return err
		}},
	} {
		measure := func(n int) time.Duration {
			in := c.input(n)
			best := time.Duration(1 << 62)
			for range 3 { // the best of 3 resists a loaded machine

				start := time.Now()
				if err := c.read(NewReader(iotest.OneByteReader(bytes.NewReader(in))), n); err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				best = min(best, time.Since(start))
			}
			return best
		}
		small, large := measure(50_000), measure(200_000)
		t.Logf("%s: n=50k %v, n=200k %v", c.name, small, large)
		if large > 10*time.Second {
			t.Errorf("%s: n=200k one byte per read took %v", c.name, large)
		}
		if large > 10*max(small, 20*time.Millisecond) {
			t.Errorf("%s: 4x the input took %.1fx the time (%v vs %v): not linear", c.name, float64(large)/float64(small), large, small)
		}
	}
}

// A commandCase is input for ReadCommand and DecodeCommand.
type commandCase struct {
	name string
	in   string
	want []string
}

var commandCases = []commandCase{
	{"multibulk", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n", []string{"SET", "k", "hello"}},
	{"multibulk empty and binary", "*2\r\n$0\r\n\r\n$5\r\n\r\n\x00x\n\r\n", []string{"", "\r\n\x00x\n"}},
	{"inline", "PING\r\n", []string{"PING"}},
	{"inline LF only", "SET k v\n", []string{"SET", "k", "v"}},
	{"inline spaces", "  SET   k \t v  \r\n", []string{"SET", "k", "v"}},
	{"inline tabs", "SET\tk\tv\r\n", []string{"SET", "k", "v"}},
	{"inline vertical tab and form feed", "SET\vk\fv\r\n", []string{"SET\vk\fv"}},
	{"double quotes", "SET \"a b\" c\r\n", []string{"SET", "a b", "c"}},
	{"escapes", `ECHO "\x41\x7a\n\r\t\b\a\\\"\q"` + "\r\n", []string{"ECHO", "Az\n\r\t\b\a\\\"q"}},
	{"hex escape uppercase", `ECHO "\xFF\x0a"` + "\n", []string{"ECHO", "\xff\n"}},
	{"bad hex escape", `ECHO "\xZZ" "\x4"` + "\n", []string{"ECHO", "xZZ", "x4"}},
	{"single quotes", `ECHO 'it\'s' 'a\nb' 'c\\d' 'e"f'` + "\r\n", []string{"ECHO", "it's", `a\nb`, `c\\d`, `e"f`}},
	{"empty quoted", `ECHO "" ''` + "\r\n", []string{"ECHO", "", ""}},
	{"quote inside word", `ECHO a"b c" x` + "\r\n", []string{"ECHO", "ab c", "x"}},
	{"tab after quote", "ECHO \"a\"\tb\r\n", []string{"ECHO", "a", "b"}},
	{"backslash outside quotes", `ECHO x\y` + "\r\n", []string{"ECHO", `x\y`}},
	{"quoted CRLF escape", `SET k "a\r\nb"` + "\n", []string{"SET", "k", "a\r\nb"}},
	{"NUL ends the line", "PING\x00junk \"\r\n", []string{"PING"}},
	{"empty lines skipped", "\r\n\n   \r\nPING\r\n", []string{"PING"}},
	{"*0 skipped", "*0\r\nPING\r\n", []string{"PING"}},
	{"*-1 and *-10 skipped", "*-1\r\n*-10\r\n*1\r\n$4\r\nPING\r\n", []string{"PING"}},
	{"NUL-only line skipped", "\x00\r\n*1\r\n$1\r\nx\r\n", []string{"x"}},
}

func TestReadCommand(t *testing.T) {
	for _, c := range commandCases {
		t.Run(c.name, func(t *testing.T) {
			check := func(how string, args [][]byte, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", how, err)
				}
				got := make([]string, len(args))
				for i, a := range args {
					got[i] = string(a)
				}
				if strings.Join(got, "\x01") != strings.Join(c.want, "\x01") || len(got) != len(c.want) {
					t.Fatalf("%s = %q, want %q", how, got, c.want)
				}
			}
			var dec Decoder
			args, n, err := dec.DecodeCommand([]byte(c.in + "*1\r\n$4\r\nnext\r\n"))
			check("DecodeCommand", args, err)
			if n != len(c.in) {
				t.Errorf("DecodeCommand n = %d, want %d", n, len(c.in))
			}
			for cut := range len(c.in) {
				if args, n, err := dec.DecodeCommand([]byte(c.in[:cut])); !errors.Is(err, ErrIncomplete) || n != 0 {
					t.Errorf("DecodeCommand(%q) = %q, %d, %v; want ErrIncomplete", c.in[:cut], args, n, err)
				}
			}
			for _, f := range feeds {
				r := NewReaderSize(f.wrap(strings.NewReader(c.in+c.in)), 16)
				for range 2 {
					args, err := r.ReadCommand()
					check("ReadCommand "+f.name, args, err)
				}
				if r.InputOffset() != int64(2*len(c.in)) {
					t.Errorf("%s: InputOffset %d, want %d", f.name, r.InputOffset(), 2*len(c.in))
				}
				if _, err := r.ReadCommand(); err != io.EOF {
					t.Errorf("%s: at the end: %v", f.name, err)
				}
			}
		})
	}
}

func TestReadCommandMixed(t *testing.T) {
	// Commands and values interleave on one Reader (a proxy reads both).
	r := NewReaderSize(iotest.HalfReader(strings.NewReader("PING\r\n+PONG\r\n*1\r\n$4\r\nQUIT\r\n%1\r\n+a\r\n:1\r\nGET k\n")), 16)
	if args, err := r.ReadCommand(); err != nil || len(args) != 1 || string(args[0]) != "PING" {
		t.Fatalf("%q %v", args, err)
	}
	if v, err := r.ReadValue(); err != nil || string(v.Bytes()) != "PONG" {
		t.Fatalf("%v %v", v, err)
	}
	if args, err := r.ReadCommand(); err != nil || len(args) != 1 || string(args[0]) != "QUIT" {
		t.Fatalf("%q %v", args, err)
	}
	if v, err := r.ReadValue(); err != nil || v.Len() != 1 {
		t.Fatalf("%v %v", v, err)
	}
	if args, err := r.ReadCommand(); err != nil || len(args) != 2 || string(args[1]) != "k" {
		t.Fatalf("%q %v", args, err)
	}
}

// TestCommandArgumentRuns decodes commands of 1 to 200 arguments, short and
// long, whole and cut short: the fast path takes at most 64 arguments in a
// run, and must hand the rest, and the cut, to the general path.
func TestCommandArgumentRuns(t *testing.T) {
	for _, argc := range []int{1, 2, 63, 64, 65, 99, 100, 128, 129, 200} {
		for _, size := range []int{0, 7, 99, 100, 1000} {
			var want [][]byte
			for i := range argc {
				want = append(want, bytes.Repeat([]byte{byte('a' + i%26)}, size+i%3))
			}
			src := AppendCommand(nil, want...)
			var dec Decoder
			got, n, err := dec.DecodeCommand(src)
			if err != nil || n != len(src) || !slices.EqualFunc(got, want, bytes.Equal) {
				t.Fatalf("DecodeCommand(%d args of %d bytes) = %d args, %d, %v", argc, size, len(got), n, err)
			}
			// Cut anywhere, resumed.
			for _, cut := range []int{1, 2, 3, 4, 5, 6, 7, len(src) / 3, len(src) - 1} {
				dec := Decoder{Resume: true}
				if _, _, err := dec.DecodeCommand(src[:cut]); !errors.Is(err, ErrIncomplete) {
					t.Fatalf("DecodeCommand(cut at %d of %d) = %v, want ErrIncomplete", cut, len(src), err)
				}
				if got, n, err := dec.DecodeCommand(src); err != nil || n != len(src) || !slices.EqualFunc(got, want, bytes.Equal) {
					t.Fatalf("DecodeCommand(%d args of %d bytes, resumed at %d) = %d args, %d, %v", argc, size, cut, len(got), n, err)
				}
			}
			r := NewReaderSize(iotest.OneByteReader(bytes.NewReader(src)), 16)
			if got, err := r.ReadCommand(); err != nil || !slices.EqualFunc(got, want, bytes.Equal) {
				t.Fatalf("ReadCommand(%d args of %d bytes, one byte at a time) = %d args, %v", argc, size, len(got), err)
			}
		}
	}
}

var commandErrors = []errorCase{
	{"non-bulk element", "*1\r\n+PING\r\n", ErrInvalidCommand, 4},
	{"integer element", "*2\r\n$3\r\nGET\r\n:1\r\n", ErrInvalidCommand, 13},
	{"nested array", "*1\r\n*1\r\n$1\r\nx\r\n", ErrInvalidCommand, 4},
	{"null bulk argument", "*1\r\n$-1\r\n", ErrInvalidLength, 5},
	{"streamed argument", "*1\r\n$?\r\n", ErrInvalidLength, 5},
	{"bad count", "*abc\r\n", ErrInvalidLength, 1},
	{"count leading zero", "*01\r\n$1\r\nx\r\n", ErrInvalidLength, 1},
	{"count plus", "*+1\r\n$1\r\nx\r\n", ErrInvalidLength, 1},
	{"bulk length leading zero", "*1\r\n$01\r\nx\r\n", ErrInvalidLength, 5},
	{"bulk without CRLF", "*1\r\n$3\r\nabcX\r\n", ErrMissingCRLF, 11},
	{"count over int32", "*2147483648\r\n", ErrTooManyElements, 1},
	{"unbalanced double quote", "SET \"a b\r\n", ErrInvalidCommand, 8},
	{"unbalanced single quote", "SET 'a b\n", ErrInvalidCommand, 8},
	{"escaped closing quote", "SET \"a\\\"\r\n", ErrInvalidCommand, 8},
	{"closing quote then letter", "GET \"a\"b\r\n", ErrInvalidCommand, 7},
	{"closing single quote then letter", "GET 'a'b\r\n", ErrInvalidCommand, 7},
	{"bare CR in count", "*1\rx\n", ErrInvalidLine, 2},
}

func TestReadCommandErrors(t *testing.T) {
	for _, c := range commandErrors {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := (&Decoder{}).DecodeCommand([]byte(c.in))
			wantProtocolError(t, "DecodeCommand", err, c.class, c.off)
			const prelude = "PING\r\n*1\r\n$4\r\nPING\r\n"
			for _, f := range feeds {
				r := NewReaderSize(f.wrap(strings.NewReader(prelude+c.in)), 16)
				for range 2 {
					if _, err := r.ReadCommand(); err != nil {
						t.Fatal(err)
					}
				}
				_, err := r.ReadCommand()
				wantProtocolError(t, "ReadCommand "+f.name, err, c.class, int64(len(prelude))+c.off)
				if _, err2 := r.ReadCommand(); err2 != err {
					t.Errorf("next ReadCommand = %v, want the same error", err2)
				}
			}
		})
	}
}

func TestReadCommandLimits(t *testing.T) {
	lim := Limits{MaxLineLen: 5, MaxElements: 2, MaxBulkLen: 3}
	for _, ok := range []string{"abcde\n", "abcde\r\n", "a b c\r\n", "*2\r\n$3\r\nabc\r\n$0\r\n\r\n"} {
		if _, _, err := (&Decoder{Limits: lim}).DecodeCommand([]byte(ok)); err != nil {
			t.Errorf("DecodeCommand(%q) at the limits: %v", ok, err)
		}
	}
	for _, c := range []errorCase{
		{"inline line", "abcdef\n", ErrLineTooLong, 5},
		{"inline line CRLF", "abcdef\r\n", ErrLineTooLong, 5},
		{"inline line no end", "abcdefgh", ErrLineTooLong, 5},
		{"multibulk count", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", ErrTooManyElements, 1},
		{"argument length", "*1\r\n$4\r\nabcd\r\n", ErrBulkTooLong, 5},
	} {
		_, _, err := (&Decoder{Limits: lim}).DecodeCommand([]byte(c.in))
		wantProtocolError(t, c.name, err, c.class, c.off)
		r := NewReader(iotest.OneByteReader(strings.NewReader(c.in)))
		r.Limits = lim
		_, err = r.ReadCommand()
		wantProtocolError(t, c.name+" Reader", err, c.class, c.off)
	}
	// An inline request over 64 KiB is an error as soon as 64 KiB have
	// arrived, not at the end of the stream.
	r := NewReader(io.MultiReader(strings.NewReader(strings.Repeat("a", 70<<10)), failReader{t}))
	_, err := r.ReadCommand()
	wantProtocolError(t, "64 KiB inline", err, ErrLineTooLong, DefaultMaxLineLen)
	line := strings.Repeat("a", DefaultMaxLineLen) + "\r\n"
	if args, err := NewReader(strings.NewReader(line)).ReadCommand(); err != nil || len(args[0]) != DefaultMaxLineLen {
		t.Errorf("inline of exactly 64 KiB: %v", err)
	}
}

// endless repeats a pattern forever, after a head.
type endless struct {
	head, pattern string
	n             int
}

func (e *endless) Read(p []byte) (int, error) {
	e.n++
	if e.n > 1<<16 {
		return 0, errors.New("endless: read too much")
	}
	if e.head != "" {
		n := copy(p, e.head)
		e.head = e.head[n:]
		return n, nil
	}
	n := 0
	for n < len(p) {
		n += copy(p[n:], e.pattern)
	}
	return n, nil
}

// TestGarbageNoHang feeds Redis's desync regression inputs (a garbage byte,
// then "payload" forever): each read must fail, not wait for more.
func TestGarbageNoHang(t *testing.T) {
	for _, head := range []string{"\x00", "*\x00", "$\x00"} {
		_, err := NewReader(&endless{head: head, pattern: "payload"}).ReadCommand()
		var pe *ProtocolError
		if !errors.As(err, &pe) {
			t.Errorf("ReadCommand(%q + payload...): %v, want a protocol error", head, err)
		}
		_, err = NewReader(&endless{head: head, pattern: "payload"}).ReadValue()
		if !errors.As(err, &pe) {
			t.Errorf("ReadValue(%q + payload...): %v, want a protocol error", head, err)
		}
	}
}

// bulkPattern returns n bytes of a pattern that shows misplaced bytes.
func bulkPattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func TestReadBulkStream(t *testing.T) {
	payload := bulkPattern(10 << 20)
	in := append(AppendBulkString(nil, payload), "+OK\r\n"...)
	t.Run("10 MiB through a 4 KiB reader with io.Copy", func(t *testing.T) {
		r := NewReaderSize(bytes.NewReader(in), 4096)
		v, body, err := r.ReadBulkStream()
		if err != nil || body == nil || !v.Equal(Value{}) {
			t.Fatalf("ReadBulkStream = %v, %v, %v", v, body, err)
		}
		if body.Size() != int64(len(payload)) {
			t.Errorf("Size = %d", body.Size())
		}
		var out bytes.Buffer
		out.Grow(len(payload))
		n, err := io.Copy(&out, body)
		if err != nil || n != int64(len(payload)) || !bytes.Equal(out.Bytes(), payload) {
			t.Fatalf("io.Copy = %d, %v; payload equal: %v", n, err, bytes.Equal(out.Bytes(), payload))
		}
		if len(r.buf) != 4096 {
			t.Errorf("the Reader's buffer grew to %d bytes", len(r.buf))
		}
		if v, err := r.ReadValue(); err != nil || string(v.Bytes()) != "OK" {
			t.Errorf("value after the bulk: %v, %v", v, err)
		}
	})
	t.Run("Read in small pieces, one byte per underlying read", func(t *testing.T) {
		p := payload[:100000]
		src := append(AppendBulkString(nil, p), ":7\r\n"...)
		r := NewReaderSize(iotest.OneByteReader(bytes.NewReader(src)), 64)
		_, body, err := r.ReadBulkStream()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(iotest.OneByteReader(body))
		if err != nil || !bytes.Equal(got, p) {
			t.Fatalf("ReadAll = %d bytes, %v", len(got), err)
		}
		if len(r.buf) != 64 {
			t.Errorf("buffer grew to %d", len(r.buf))
		}
		if n, err := body.Read(make([]byte, 10)); n != 0 || err != io.EOF {
			t.Errorf("Read after the end = %d, %v", n, err)
		}
		if v, err := r.ReadValue(); err != nil || v.Int64() != 7 {
			t.Errorf("value after: %v, %v", v, err)
		}
	})
	t.Run("streamed string", func(t *testing.T) {
		src := "$?\r\n;4\r\nHell\r\n;2\r\no!\r\n;0\r\n:1\r\n"
		for _, f := range feeds {
			r := NewReaderSize(f.wrap(strings.NewReader(src)), 16)
			_, body, err := r.ReadBulkStream()
			if err != nil || body == nil || body.Size() != -1 {
				t.Fatalf("%s: %v, %v", f.name, body, err)
			}
			got, err := io.ReadAll(body)
			if err != nil || string(got) != "Hello!" {
				t.Fatalf("%s: ReadAll = %q, %v", f.name, got, err)
			}
			if v, err := r.ReadValue(); err != nil || v.Int64() != 1 {
				t.Errorf("%s: value after: %v, %v", f.name, v, err)
			}
		}
		// WriteTo, and a large streamed string through a small buffer.
		var sb strings.Builder
		sb.WriteString("$?\r\n")
		for i := range 300 {
			sb.WriteString(";1000\r\n" + strings.Repeat(string(rune('a'+i%26)), 1000) + "\r\n")
		}
		sb.WriteString(";0\r\n")
		r := NewReaderSize(strings.NewReader(sb.String()), 256)
		_, body, err := r.ReadBulkStream()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if n, err := body.WriteTo(&out); err != nil || n != 300000 || out.Bytes()[299999] != byte('a'+299%26) {
			t.Errorf("WriteTo = %d, %v", n, err)
		}
		if len(r.buf) != 256 {
			t.Errorf("buffer grew to %d", len(r.buf))
		}
		if _, err := r.ReadValue(); err != io.EOF {
			t.Errorf("after: %v", err)
		}
	})
	t.Run("empty and other values", func(t *testing.T) {
		r := NewReader(strings.NewReader("$0\r\n\r\n$-1\r\n+OK\r\n*1\r\n$1\r\na\r\n|1\r\n+a\r\n+b\r\n$1\r\nx\r\n$?\r\n;0\r\n"))
		_, body, err := r.ReadBulkStream()
		if err != nil || body == nil || body.Size() != 0 {
			t.Fatalf("$0: %v %v", body, err)
		}
		if got, err := io.ReadAll(body); err != nil || len(got) != 0 {
			t.Fatalf("$0 ReadAll: %q %v", got, err)
		}
		for _, want := range []Value{
			NullBulkStringValue(), SimpleStringValue("OK"), ArrayValue(StringValue("a")),
			StringValue("x").WithAttributes(MapValue(SimpleStringValue("a"), SimpleStringValue("b"))),
		} {
			v, body, err := r.ReadBulkStream()
			if err != nil || body != nil || !v.Equal(want) {
				t.Fatalf("ReadBulkStream = %v, %v, %v; want %v", v, body, err, want)
			}
		}
		_, body, err = r.ReadBulkStream()
		if err != nil || body == nil || body.Size() != -1 {
			t.Fatalf("$?: %v %v", body, err)
		}
		if got, err := io.ReadAll(body); err != nil || len(got) != 0 {
			t.Fatalf("empty streamed ReadAll: %q %v", got, err)
		}
		if _, body, err := r.ReadBulkStream(); err != io.EOF || body != nil {
			t.Fatalf("at the end: %v %v", body, err)
		}
	})
	t.Run("half-read stream is skipped", func(t *testing.T) {
		for _, f := range feeds {
			r := NewReaderSize(f.wrap(strings.NewReader("$10\r\n0123456789\r\n:1\r\n$?\r\n;3\r\nabc\r\n;3\r\ndef\r\n;0\r\n:2\r\n")), 16)
			_, body, err := r.ReadBulkStream()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(body, make([]byte, 3)); err != nil {
				t.Fatal(err)
			}
			if v, err := r.ReadValue(); err != nil || v.Int64() != 1 {
				t.Fatalf("%s: after a half-read bulk: %v, %v", f.name, v, err)
			}
			if _, body, err = r.ReadBulkStream(); err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(body, make([]byte, 4)); err != nil {
				t.Fatal(err)
			}
			if v, err := r.ReadValue(); err != nil || v.Int64() != 2 {
				t.Fatalf("%s: after a half-read streamed string: %v, %v", f.name, v, err)
			}
			// An unread stream is skipped too.
			r = NewReader(f.wrap(strings.NewReader("$3\r\nabc\r\n:3\r\n")))
			if _, _, err := r.ReadBulkStream(); err != nil {
				t.Fatal(err)
			}
			if v, err := r.ReadValue(); err != nil || v.Int64() != 3 {
				t.Fatalf("%s: after an unread bulk: %v, %v", f.name, v, err)
			}
		}
	})
	t.Run("transient read errors", func(t *testing.T) {
		r := NewReaderSize(&flakyReader{r: iotest.OneByteReader(strings.NewReader("$10\r\n0123456789\r\n$?\r\n;3\r\nabc\r\n;2\r\nde\r\n;0\r\n:5\r\n"))}, 16)
		var got []string
		for range 2 {
			var body *BulkReader
			var err error
			for calls := 0; calls < 100; calls++ {
				if _, body, err = r.ReadBulkStream(); err != errFlaky {
					break
				}
			}
			if err != nil || body == nil {
				t.Fatalf("ReadBulkStream: %v, %v", body, err)
			}
			var payload []byte
			p := make([]byte, 4)
			for calls := 0; ; calls++ {
				if calls > 1000 {
					t.Fatalf("body.Read makes no progress: %q so far", payload)
				}
				n, err := body.Read(p)
				payload = append(payload, p[:n]...)
				if err == io.EOF {
					break
				}
				if err != nil && err != errFlaky {
					t.Fatalf("body.Read: %v", err)
				}
			}
			got = append(got, string(payload))
		}
		if got[0] != "0123456789" || got[1] != "abcde" {
			t.Errorf("payloads through a flaky reader: %q", got)
		}
		for {
			v, err := r.ReadValue()
			if err == errFlaky {
				continue
			}
			if err != nil || v.Int64() != 5 {
				t.Errorf("value after: %v, %v", v, err)
			}
			break
		}
	})
	t.Run("Reset detaches the body", func(t *testing.T) {
		r := NewReader(strings.NewReader("$5\r\nhello\r\n"))
		_, body, err := r.ReadBulkStream()
		if err != nil {
			t.Fatal(err)
		}
		r.Reset(strings.NewReader(":1\r\n"))
		if n, err := body.Read(make([]byte, 5)); n != 0 || err != io.EOF {
			t.Errorf("body.Read after Reset = %d, %v; want 0, io.EOF", n, err)
		}
		if v, err := r.ReadValue(); err != nil || v.Int64() != 1 {
			t.Errorf("after Reset: %v, %v", v, err)
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, c := range []errorCase{
			{"missing CRLF", "$3\r\nabcXY", ErrMissingCRLF, 7},
			{"CR then junk", "$3\r\nabc\rX", ErrMissingCRLF, 8},
			{"chunk missing CRLF", "$?\r\n;2\r\nabXY", ErrMissingCRLF, 10},
			{"not a chunk", "$?\r\n;2\r\nab\r\nX\r\n", ErrInvalidStream, 12},
			{"bad chunk length", "$?\r\n;-2\r\n", ErrInvalidLength, 5},
			{"bad length", "$-2\r\n", ErrInvalidLength, 1},
		} {
			for _, f := range feeds {
				r := NewReaderSize(f.wrap(strings.NewReader(c.in)), 16)
				_, body, err := r.ReadBulkStream()
				if err == nil {
					_, err = io.Copy(io.Discard, body)
				}
				wantProtocolError(t, c.name+" "+f.name, err, c.class, c.off)
				if _, err2 := r.ReadValue(); err2 != err {
					t.Errorf("%s %s: next ReadValue = %v, want the same error", c.name, f.name, err2)
				}
				if body != nil {
					if _, err2 := body.Read(make([]byte, 1)); err2 != err {
						t.Errorf("%s %s: next body.Read = %v, want the same error", c.name, f.name, err2)
					}
				}
			}
		}
		// The offset counts from the stream start.
		r := NewReader(strings.NewReader("+OK\r\n$3\r\nabcXY"))
		if _, err := r.ReadValue(); err != nil {
			t.Fatal(err)
		}
		_, body, err := r.ReadBulkStream()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(body)
		wantProtocolError(t, "after a value", err, ErrMissingCRLF, 12)
		// Limits apply to the header.
		r = NewReader(strings.NewReader(":1\r\n$4\r\nabcd\r\n"))
		r.MaxBulkLen = 3
		if _, err := r.ReadValue(); err != nil {
			t.Fatal(err)
		}
		_, _, err = r.ReadBulkStream()
		wantProtocolError(t, "MaxBulkLen", err, ErrBulkTooLong, 5)
		// MaxBulkLen bounds a streamed string as it does in ReadValue: by
		// its assembled length, at the chunk that crosses it.
		for _, f := range feeds {
			r = NewReaderSize(f.wrap(strings.NewReader("$?\r\n;3\r\nabc\r\n;3\r\ndef\r\n;0\r\n")), 16)
			r.MaxBulkLen = 5
			_, body, err := r.ReadBulkStream()
			if err == nil {
				_, err = io.Copy(io.Discard, body)
			}
			wantProtocolError(t, "streamed MaxBulkLen "+f.name, err, ErrBulkTooLong, 14)
		}
		r = NewReader(strings.NewReader("$?\r\n;3\r\nabc\r\n;2\r\nde\r\n;0\r\n"))
		r.MaxBulkLen = 5
		if _, body, err := r.ReadBulkStream(); err != nil {
			t.Fatal(err)
		} else if got, err := io.ReadAll(body); err != nil || string(got) != "abcde" {
			t.Errorf("streamed string at MaxBulkLen: %q, %v", got, err)
		}
		// The end of input inside the payload.
		for _, in := range []string{"$5\r\nhel", "$5\r\nhello", "$5\r\nhello\r", "$?\r\n;3\r\nab", "$?\r\n;3\r\nabc\r\n"} {
			r := NewReader(iotest.HalfReader(strings.NewReader(in)))
			_, body, err := r.ReadBulkStream()
			if err != nil {
				t.Fatalf("%q: %v", in, err)
			}
			if _, err := io.ReadAll(body); err != io.ErrUnexpectedEOF {
				t.Errorf("%q: ReadAll = %v, want io.ErrUnexpectedEOF", in, err)
			}
			if _, err := r.ReadValue(); err != io.ErrUnexpectedEOF {
				t.Errorf("%q: next ReadValue = %v, want io.ErrUnexpectedEOF", in, err)
			}
		}
		if _, _, err := NewReader(strings.NewReader("$5\r")).ReadBulkStream(); err != io.ErrUnexpectedEOF {
			t.Errorf("half header: %v", err)
		}
	})
}

// cycleReader returns data over and over.
type cycleReader struct {
	data []byte
	pos  int
}

func (l *cycleReader) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.pos:])
	l.pos = (l.pos + n) % len(l.data)
	return n, nil
}

func TestReaderAllocs(t *testing.T) {
	in, want := allocFreeCorpus()
	for _, size := range []int{256, 4096} {
		r := NewReaderSize(&cycleReader{data: []byte(in)}, size)
		readAll := func() {
			for i := range want {
				v, err := r.ReadValue()
				if err != nil || v.Kind() != want[i].Kind() {
					t.Fatalf("value %d: %v, %v", i, v, err)
				}
			}
		}
		readAll()
		readAll()
		if n := testing.AllocsPerRun(20, readAll); n != 0 {
			t.Errorf("ReadValue with a %d-byte buffer: %v allocations per %d values, want 0", size, n, len(want))
		}
	}
	var cmds strings.Builder
	for _, c := range commandCases {
		cmds.WriteString(c.in)
	}
	r := NewReaderSize(&cycleReader{data: []byte(cmds.String())}, 256)
	readCmds := func() {
		for range commandCases {
			if _, err := r.ReadCommand(); err != nil {
				t.Fatal(err)
			}
		}
	}
	readCmds()
	readCmds()
	if n := testing.AllocsPerRun(20, readCmds); n != 0 {
		t.Errorf("ReadCommand: %v allocations per %d commands, want 0", n, len(commandCases))
	}
	// Streaming a bulk payload allocates nothing.
	bulk := append(AppendBulkString(nil, bulkPattern(10000)), "$?\r\n;3\r\nabc\r\n;0\r\n"...)
	r = NewReaderSize(&cycleReader{data: bulk}, 512)
	var sink [100]byte
	stream := func() {
		for range 2 {
			_, body, err := r.ReadBulkStream()
			if err != nil {
				t.Fatal(err)
			}
			for {
				if _, err := body.Read(sink[:]); err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	stream()
	if n := testing.AllocsPerRun(20, stream); n != 0 {
		t.Errorf("ReadBulkStream: %v allocations, want 0", n)
	}
}

// allocFreeCorpus returns the decode cases except the out-of-range double,
// which TestDecodeOutOfRangeDoubleAllocs checks on its own.
func allocFreeCorpus() (string, []Value) {
	var sb strings.Builder
	var want []Value
	for _, c := range decodeCases {
		if c.name != "double out of range" {
			sb.WriteString(c.in)
			want = append(want, c.want)
		}
	}
	return sb.String(), want
}

// TestDecodeOutOfRangeDoubleAllocs: a double beyond float64 range (,1e400)
// decodes to ±Inf; it should cost no allocation either, also just past the
// largest float64 (1.8e308).
func TestDecodeOutOfRangeDoubleAllocs(t *testing.T) {
	var dec Decoder
	for _, in := range []string{",1e400\r\n", ",-1e400\r\n", ",1e309\r\n", ",1.8e308\r\n", ",-17976931348623159e292\r\n", ",0.00001e314\r\n", ",1e-400\r\n"} {
		src := []byte(in)
		v, _, err := dec.Decode(src)
		if err != nil || !math.IsInf(v.Float64(), 0) && v.Float64() != 0 {
			t.Errorf("Decode(%q) = %v, %v", in, v, err)
		}
		if n := testing.AllocsPerRun(20, func() { _, _, _ = dec.Decode(src) }); n != 0 {
			t.Errorf("Decoder.Decode(%q): %v allocations, want 0", src, n)
		}
	}
}

func TestDecoderAllocs(t *testing.T) {
	var srcs [][]byte
	for _, c := range decodeCases {
		if c.name != "double out of range" {
			srcs = append(srcs, []byte(c.in))
		}
	}
	var dec Decoder
	decodeAll := func() {
		for _, src := range srcs {
			if _, _, err := dec.Decode(src); err != nil {
				t.Fatal(err)
			}
		}
	}
	decodeAll()
	if n := testing.AllocsPerRun(20, decodeAll); n != 0 {
		t.Errorf("Decoder.Decode: %v allocations per %d values, want 0", n, len(srcs))
	}
	cmds := make([][]byte, len(commandCases))
	for i, c := range commandCases {
		cmds[i] = []byte(c.in)
	}
	decodeCmds := func() {
		for _, src := range cmds {
			if _, _, err := dec.DecodeCommand(src); err != nil {
				t.Fatal(err)
			}
		}
	}
	decodeCmds()
	if n := testing.AllocsPerRun(20, decodeCmds); n != 0 {
		t.Errorf("Decoder.DecodeCommand: %v allocations per %d commands, want 0", n, len(cmds))
	}
	// Errors allocate their *ProtocolError only; ErrIncomplete nothing.
	prefix := []byte("*2\r\n$5\r\nhel")
	if n := testing.AllocsPerRun(20, func() { _, _, _ = dec.Decode(prefix) }); n != 0 {
		t.Errorf("Decoder.Decode of a prefix: %v allocations, want 0", n)
	}
}
