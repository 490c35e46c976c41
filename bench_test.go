package resp

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strconv"
	"testing"

	"github.com/respkit/resp/internal/workload"
)

// The benchmarks of this file measure one value (or command) per op, so
// that ns/op reads as ns/value and allocs/op as allocations per value; each
// sets the bytes per op to the mean size of a value of its workload. They
// run over the deterministic workloads of internal/workload, which the
// comparison module in benchmarks/ runs through the peers too. Every
// benchmark of a workload warms up over all of it before timing (Workload.Bench),
// so that the figures are those of the steady state; the scaling benchmarks
// at the end say what they measure per op.

var (
	benchCmds     = workload.Commands(workload.N)
	benchReplies2 = workload.Replies2(workload.N)
	benchReplies3 = workload.Replies3(workload.N)
)

// benchBigBulk is built on first use: it is 64 MiB.
func benchBigBulk() workload.Workload {
	if bigBulkCache.Data == nil {
		bigBulkCache = workload.BigBulk(64, 1<<20)
	}
	return bigBulkCache
}

var bigBulkCache workload.Workload

// benchRead runs read, a Reader method, over w from a looping reader.
func benchRead(b *testing.B, w workload.Workload, read func(*Reader) error) {
	r := NewReader(&workload.LoopReader{Data: w.Data})
	w.Bench(b, func(int) error { return read(r) })
}

func readValue(r *Reader) error {
	_, err := r.ReadValue()
	return err
}

// benchDecode runs decode, a Decoder method that returns the bytes it took,
// over w from a []byte.
func benchDecode(b *testing.B, w workload.Workload, decode func(*Decoder, []byte) (int, error)) {
	var dec Decoder
	off := 0
	w.Bench(b, func(int) error {
		n, err := decode(&dec, w.Data[off:])
		if off += n; off == len(w.Data) {
			off = 0
		}
		return err
	})
}

func decodeValue(dec *Decoder, src []byte) (int, error) {
	_, n, err := dec.Decode(src)
	return n, err
}

// benchValues decodes w and clones its values, for the encoding benchmarks.
func benchValues(b *testing.B, w workload.Workload) []Value {
	vals := make([]Value, 0, w.Count())
	for rest := w.Data; len(rest) > 0; {
		v, n, err := Decode(rest)
		if err != nil {
			b.Fatal(err)
		}
		vals = append(vals, v.Clone())
		rest = rest[n:]
	}
	return vals
}

func benchWriteValue(b *testing.B, w workload.Workload) {
	vals := benchValues(b, w)
	wr := NewWriter(io.Discard)
	w.Bench(b, func(i int) error { return wr.WriteValue(vals[i]) })
}

func benchAppendValue(b *testing.B, w workload.Workload) {
	vals := benchValues(b, w)
	buf := make([]byte, 0, 4096)
	w.Bench(b, func(i int) error {
		buf = AppendValue(buf[:0], vals[i])
		return nil
	})
}

func BenchmarkReadCommand(b *testing.B) {
	benchRead(b, benchCmds, func(r *Reader) error {
		_, err := r.ReadCommand()
		return err
	})
}

func BenchmarkDecodeCommand(b *testing.B) {
	benchDecode(b, benchCmds, func(dec *Decoder, src []byte) (int, error) {
		_, n, err := dec.DecodeCommand(src)
		return n, err
	})
}

func BenchmarkWriteCommand(b *testing.B) {
	wr := NewWriter(io.Discard)
	benchCmds.Bench(b, func(i int) error { return wr.WriteCommand(benchCmds.Commands[i]...) })
}

func BenchmarkAppendCommand(b *testing.B) {
	buf := make([]byte, 0, 4096)
	benchCmds.Bench(b, func(i int) error {
		buf = AppendCommand(buf[:0], benchCmds.Commands[i]...)
		return nil
	})
}

func BenchmarkReadValue(b *testing.B) {
	b.Run("replies2", func(b *testing.B) { benchRead(b, benchReplies2, readValue) })
	b.Run("replies3", func(b *testing.B) { benchRead(b, benchReplies3, readValue) })
	b.Run("bigbulk", func(b *testing.B) { benchRead(b, benchBigBulk(), readValue) })
}

func BenchmarkDecode(b *testing.B) {
	b.Run("replies2", func(b *testing.B) { benchDecode(b, benchReplies2, decodeValue) })
	b.Run("replies3", func(b *testing.B) { benchDecode(b, benchReplies3, decodeValue) })
	b.Run("bigbulk", func(b *testing.B) { benchDecode(b, benchBigBulk(), decodeValue) })
}

func BenchmarkWriteValue(b *testing.B) {
	b.Run("replies2", func(b *testing.B) { benchWriteValue(b, benchReplies2) })
	b.Run("replies3", func(b *testing.B) { benchWriteValue(b, benchReplies3) })
}

func BenchmarkAppendValue(b *testing.B) {
	b.Run("replies2", func(b *testing.B) { benchAppendValue(b, benchReplies2) })
	b.Run("replies3", func(b *testing.B) { benchAppendValue(b, benchReplies3) })
}

// BenchmarkBigBulk measures 1 MiB bulk strings: read whole, streamed to
// io.Discard, written, and the floor of copying the same bytes.
func BenchmarkBigBulk(b *testing.B) {
	w := benchBigBulk()
	b.Run("ReadBulkStream", func(b *testing.B) {
		benchRead(b, w, func(r *Reader) error {
			_, body, err := r.ReadBulkStream()
			if err == nil {
				_, err = body.WriteTo(io.Discard)
			}
			return err
		})
	})
	b.Run("WriteBulk", func(b *testing.B) {
		vals := benchValues(b, w)
		wr := NewWriter(&workload.CopySink{})
		w.Bench(b, func(i int) error { return wr.WriteBulk(vals[i].Bytes()) })
	})
	b.Run("memmove", func(b *testing.B) {
		dst := make([]byte, w.Ends[0])
		w.Bench(b, func(i int) error {
			copy(dst, w.Data[w.Ends[i]-len(dst):w.Ends[i]])
			return nil
		})
	})
}

// BenchmarkScalePipeline reads pipelines of 1 to 100,000 replies2 values,
// each pipeline from a fresh stream: the cost per value must not grow with
// the length of the pipeline.
func BenchmarkScalePipeline(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000, 10_000, 100_000} {
		w := workload.Replies2(n)
		b.Run("values="+strconv.Itoa(n), func(b *testing.B) {
			var src bytes.Reader
			r := NewReader(&src)
			left := 0
			read := func() {
				if left == 0 {
					src.Reset(w.Data)
					r.Reset(&src)
					left = n
				}
				if _, err := r.ReadValue(); err != nil {
					b.Fatal(err)
				}
				left--
			}
			for range n {
				read()
			}
			w.StartTimer(b)
			for range b.N {
				read()
			}
		})
		b.Run("Decode/values="+strconv.Itoa(n), func(b *testing.B) { benchDecode(b, w, decodeValue) })
	}
}

// BenchmarkScaleReadSize reads replies2 values from an io.Reader that
// returns 1 byte to 64 KiB per Read. The cost per value may grow with the
// number of Reads a value takes (reported as reads/value), but the cost per
// Read must not grow with the value: a parser that rescans what it has seen
// would show it at small reads.
func BenchmarkScaleReadSize(b *testing.B) {
	for _, size := range []int{1, 16, 256, 4 << 10, 64 << 10} {
		for _, w := range []workload.Workload{benchReplies2, workload.BigBulk(4, 64<<10)} {
			b.Run(w.Name+"/read="+strconv.Itoa(size), func(b *testing.B) {
				src := &workload.LoopReader{Data: w.Data, Max: size}
				r := NewReader(src)
				read := func() {
					if _, err := r.ReadValue(); err != nil {
						b.Fatal(err)
					}
				}
				for range w.Count() {
					read()
				}
				src.Reads = 0
				w.StartTimer(b)
				for range b.N {
					read()
				}
				b.ReportMetric(float64(src.Reads)/float64(b.N), "reads/value")
			})
		}
	}
}

// BenchmarkScaleWriteSize writes bulk strings of 16 bytes to 64 MiB to a
// copying sink: the cost per byte must stay flat (MB/s constant once headers
// stop mattering).
func BenchmarkScaleWriteSize(b *testing.B) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), (64<<20)/16)
	for _, size := range []int{16, 256, 4 << 10, 64 << 10, 1 << 20, 16 << 20, 64 << 20} {
		b.Run("size="+strconv.Itoa(size), func(b *testing.B) {
			wr := NewWriter(&workload.CopySink{})
			p := payload[:size]
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := wr.WriteBulk(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScaleArray decodes one array of 1 to 100,000 integers per op:
// ns/elem must stay flat.
func BenchmarkScaleArray(b *testing.B) {
	for _, n := range []int{1, 100, 10_000, 100_000} {
		src := AppendArrayLen(nil, n)
		for i := range n {
			src = AppendInteger(src, int64(i))
		}
		b.Run("elems="+strconv.Itoa(n), func(b *testing.B) {
			var dec Decoder
			if _, _, err := dec.Decode(src); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, _, err := dec.Decode(src); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
		})
	}
}

// TestBenchWorkloads checks that the benchmark workloads are what the
// benchmarks claim: every value decodes, ends where the generator says,
// and re-encodes to the same bytes; every command decodes to its arguments.
func TestBenchWorkloads(t *testing.T) {
	for _, w := range []workload.Workload{benchReplies2, benchReplies3, workload.BigBulk(3, 100_000)} {
		var dec Decoder
		off := 0
		for i, end := range w.Ends {
			v, n, err := dec.Decode(w.Data[off:])
			if err != nil || off+n != end {
				t.Fatalf("%s value %d: err %v, ends at %d, want %d", w.Name, i, err, off+n, end)
			}
			if out := AppendValue(nil, v); !bytes.Equal(out, w.Data[off:end]) {
				t.Fatalf("%s value %d re-encodes as %q, want %q", w.Name, i, out, w.Data[off:end])
			}
			off = end
		}
	}
	r := NewReader(bytes.NewReader(benchCmds.Data))
	for i, want := range benchCmds.Commands {
		args, err := r.ReadCommand()
		if err != nil || len(args) != len(want) {
			t.Fatalf("command %d: %q, %v; want %q", i, args, err, want)
		}
		for j := range args {
			if string(args[j]) != want[j] {
				t.Fatalf("command %d: %q, want %q", i, args, want)
			}
		}
	}
	if _, err := r.ReadCommand(); err != io.EOF {
		t.Fatalf("after the last command: %v, want io.EOF", err)
	}
}

// TestSteadyStateAllocs checks the benchmarks' claim of zero allocations
// per value in the steady state, for each way of reading and writing.
func TestSteadyStateAllocs(t *testing.T) {
	check := func(name string, w workload.Workload, op func(i int) error) {
		t.Helper()
		for i := range w.Count() { // warm up
			if err := op(i); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		i := 0
		allocs := testing.AllocsPerRun(w.Count(), func() {
			if err := op(i); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			i++
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per value, want 0", name, allocs)
		}
	}
	for _, w := range []workload.Workload{benchReplies2, benchReplies3} {
		r := NewReader(&workload.LoopReader{Data: w.Data})
		check("ReadValue "+w.Name, w, func(int) error { _, err := r.ReadValue(); return err })
		var dec Decoder
		off := 0
		check("Decode "+w.Name, w, func(int) error {
			_, n, err := dec.Decode(w.Data[off:])
			if off += n; off == len(w.Data) {
				off = 0
			}
			return err
		})
		vals := make([]Value, 0, w.Count())
		for rest := w.Data; len(rest) > 0; {
			v, n, _ := Decode(rest)
			vals = append(vals, v.Clone())
			rest = rest[n:]
		}
		wr := NewWriter(io.Discard)
		check("WriteValue "+w.Name, w, func(i int) error { return wr.WriteValue(vals[i%len(vals)]) })
		buf := make([]byte, 0, 4096)
		check("AppendValue "+w.Name, w, func(i int) error { buf = AppendValue(buf[:0], vals[i%len(vals)]); return nil })
	}
	cmds := benchCmds
	r := NewReader(&workload.LoopReader{Data: cmds.Data})
	check("ReadCommand", cmds, func(int) error { _, err := r.ReadCommand(); return err })
	wr := NewWriter(io.Discard)
	check("WriteCommand", cmds, func(i int) error { return wr.WriteCommand(cmds.Commands[i%len(cmds.Commands)]...) })
}

// An endlessBulk is a bulk string header followed by an endless payload of
// 'x' bytes.
type endlessBulk struct{ header []byte }

func (e *endlessBulk) Read(p []byte) (int, error) {
	if len(e.header) > 0 {
		n := copy(p, e.header)
		e.header = e.header[n:]
		return n, nil
	}
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// TestBulkStreamBoundedMemory streams a 256 MiB bulk string through
// ReadBulkStream and checks that the Reader allocates no more than its
// buffer and a few small objects on the way.
func TestBulkStreamBoundedMemory(t *testing.T) {
	const size = 256 << 20
	r := NewReaderSize(&endlessBulk{header: []byte("$" + strconv.Itoa(size) + "\r\n")}, 64<<10)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, body, err := r.ReadBulkStream()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.CopyN(io.Discard, body, size)
	if err != nil || n != size {
		t.Fatalf("streamed %d bytes, %v", n, err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 256<<10 {
		t.Errorf("streaming %d bytes allocated %d bytes, want at most 256 KiB", size, got)
	}
	// The payload ends with "xx" where its CRLF should be.
	if _, err := body.Read(make([]byte, 1)); !errors.Is(err, ErrMissingCRLF) {
		t.Errorf("after the payload: %v, want ErrMissingCRLF", err)
	}
}
