// Package workload generates the deterministic RESP streams that the
// benchmarks of package resp and of the comparison module in benchmarks/
// share, so that every codec is measured on the same bytes.
//
// Each generator draws from a PCG source with a fixed seed: the same
// arguments always give the same bytes. The package uses only the standard
// library and writes RESP by hand, so that it does not depend on the codec
// it measures.
package workload

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// N is the number of values (or commands) of the standard workloads.
const N = 10000

// A Workload is a stream of RESP values (or commands) back to back.
type Workload struct {
	// Name names the workload in benchmark names: cmds, replies2, replies3
	// or bigbulk.
	Name string
	// Data holds the values, back to back.
	Data []byte
	// Ends holds the offset in Data just past each value, in order.
	Ends []int
	// Commands holds the arguments of each command of a cmds workload, in
	// order; it is nil for the other workloads.
	Commands [][]string
}

// Count returns the number of values in w.
func (w Workload) Count() int { return len(w.Ends) }

// BytesPerValue returns the mean length of a value in bytes, at least 1.
func (w Workload) BytesPerValue() int64 {
	if len(w.Ends) == 0 {
		return 1
	}
	return max(int64(len(w.Data)/len(w.Ends)), 1)
}

// A gen appends values to a Workload, drawing random choices from r.
type gen struct {
	r *rand.Rand
	w Workload
}

func newGen(name string, seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), w: Workload{Name: name}}
}

// end marks the end of a value.
func (g *gen) end() { g.w.Ends = append(g.w.Ends, len(g.w.Data)) }

func (g *gen) line(t byte, s string) {
	g.w.Data = append(g.w.Data, t)
	g.w.Data = append(g.w.Data, s...)
	g.w.Data = append(g.w.Data, '\r', '\n')
}

func (g *gen) header(t byte, n int) { g.line(t, strconv.Itoa(n)) }

func (g *gen) bulk(t byte, b []byte) {
	g.header(t, len(b))
	g.w.Data = append(g.w.Data, b...)
	g.w.Data = append(g.w.Data, '\r', '\n')
}

// printable returns n random printable ASCII bytes ('!' to '~').
func (g *gen) printable(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('!' + g.r.IntN('~'-'!'+1))
	}
	return b
}

// binary returns n random bytes of any value; one time in four, a CRLF
// stands at a random place in it.
func (g *gen) binary(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	if n >= 2 && g.r.IntN(4) == 0 {
		i := g.r.IntN(n - 1)
		b[i], b[i+1] = '\r', '\n'
	}
	return b
}

// between returns a random int in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// shares returns a shuffled sequence of n choices in which choice i appears
// in proportion to weights[i] (exactly, up to rounding).
func (g *gen) shares(n int, weights ...int) []int {
	total := 0
	for _, w := range weights {
		total += w
	}
	seq := make([]int, 0, n)
	for i, w := range weights {
		for range n * w / total {
			seq = append(seq, i)
		}
	}
	for len(seq) < n { // rounding: fill with the choices in turn
		seq = append(seq, len(seq)%len(weights))
	}
	g.r.Shuffle(n, func(i, j int) { seq[i], seq[j] = seq[j], seq[i] })
	return seq
}

// Commands returns n pipelined commands as a client sends them: 40% GET
// key:<n>, 40% SET key:<n> with 32 random printable bytes, 10% HSET
// hash:<n> field:<n> with 16 bytes, 10% MSET of 10 keys with 16-byte values.
func Commands(n int) Workload {
	g := newGen("cmds", 1)
	key := func(prefix string) string { return prefix + strconv.Itoa(g.r.IntN(1_000_000)) }
	for _, c := range g.shares(n, 4, 4, 1, 1) {
		var args []string
		switch c {
		case 0:
			args = []string{"GET", key("key:")}
		case 1:
			args = []string{"SET", key("key:"), string(g.printable(32))}
		case 2:
			args = []string{"HSET", key("hash:"), key("field:"), string(g.printable(16))}
		case 3:
			args = []string{"MSET"}
			for range 10 {
				args = append(args, key("key:"), string(g.printable(16)))
			}
		}
		g.header('*', len(args))
		for _, a := range args {
			g.bulk('$', []byte(a))
		}
		g.end()
		g.w.Commands = append(g.w.Commands, args)
	}
	return g.w
}

// Replies2 returns n RESP2 replies: 30% +OK, 20% random int64 integers, 30%
// bulk strings of 16 to 128 random bytes (a quarter of them holding a CRLF),
// 5% null bulk strings, 10% arrays of 10 bulk strings of 8 to 32 bytes, 5%
// errors.
func Replies2(n int) Workload {
	g := newGen("replies2", 2)
	for _, c := range g.shares(n, 30, 20, 30, 5, 10, 5) {
		switch c {
		case 0:
			g.line('+', "OK")
		case 1:
			g.line(':', strconv.FormatInt(int64(g.r.Uint64()), 10))
		case 2:
			g.bulk('$', g.binary(g.between(16, 128)))
		case 3:
			g.line('$', "-1")
		case 4:
			g.header('*', 10)
			for range 10 {
				g.bulk('$', g.binary(g.between(8, 32)))
			}
		case 5:
			g.line('-', "ERR unknown command 'cmd"+strconv.Itoa(g.r.IntN(1000))+"', with args beginning with: ")
		}
		g.end()
	}
	return g.w
}

// Replies3 returns n RESP3 replies, in equal shares: maps of 5 bulk string
// keys to integers, sets of 5 bulk strings, doubles (including inf, -inf,
// nan and 1.5e10), booleans, nulls, big numbers, verbatim strings, push
// messages, and arrays of two integers carrying an attribute.
func Replies3(n int) Workload {
	g := newGen("replies3", 3)
	specials := []string{"inf", "-inf", "nan", "1.5e10"}
	for _, c := range g.shares(n, 1, 1, 1, 1, 1, 1, 1, 1, 1) {
		switch c {
		case 0:
			g.header('%', 5)
			for range 5 {
				g.bulk('$', g.printable(g.between(4, 12)))
				g.line(':', strconv.Itoa(g.r.IntN(1_000_000)))
			}
		case 1:
			g.header('~', 5)
			for range 5 {
				g.bulk('$', g.printable(g.between(4, 12)))
			}
		case 2:
			if i := g.r.IntN(8); i < len(specials) {
				g.line(',', specials[i])
			} else {
				f := (g.r.Float64() - 0.5) * math.Pow(10, float64(g.r.IntN(20)-10))
				g.line(',', strconv.FormatFloat(f, 'g', -1, 64))
			}
		case 3:
			if g.r.IntN(2) == 0 {
				g.line('#', "t")
			} else {
				g.line('#', "f")
			}
		case 4:
			g.line('_', "")
		case 5:
			digits := []byte{'-', byte('1' + g.r.IntN(9))}
			for range g.between(20, 60) {
				digits = append(digits, byte('0'+g.r.IntN(10)))
			}
			if g.r.IntN(2) == 0 {
				digits = digits[1:]
			}
			g.line('(', string(digits))
		case 6:
			g.bulk('=', append([]byte("txt:"), g.printable(g.between(16, 64))...))
		case 7:
			g.header('>', 3)
			g.bulk('$', []byte("message"))
			g.bulk('$', []byte("channel:"+strconv.Itoa(g.r.IntN(100))))
			g.bulk('$', g.printable(g.between(8, 32)))
		case 8:
			g.header('|', 1)
			g.bulk('$', []byte("key-popularity"))
			g.header('%', 2)
			g.bulk('$', []byte("a"))
			g.line(',', strconv.FormatFloat(g.r.Float64(), 'g', -1, 64))
			g.bulk('$', []byte("b"))
			g.line(',', strconv.FormatFloat(g.r.Float64(), 'g', -1, 64))
			g.header('*', 2)
			g.line(':', strconv.Itoa(g.r.IntN(10_000_000)))
			g.line(':', strconv.Itoa(g.r.IntN(10_000_000)))
		}
		g.end()
	}
	return g.w
}

// BigBulk returns n bulk strings of size random bytes each.
func BigBulk(n, size int) Workload {
	g := newGen("bigbulk", 4)
	for range n {
		b := make([]byte, size)
		for i := 0; i < size; i += 8 {
			v := g.r.Uint64()
			for j := i; j < min(i+8, size); j++ {
				b[j] = byte(v)
				v >>= 8
			}
		}
		g.bulk('$', b)
		g.end()
	}
	return g.w
}

// Standard returns the four standard workloads: Commands(N), Replies2(N),
// Replies3(N) and BigBulk(64, 1 MiB).
func Standard() []Workload {
	return []Workload{Commands(N), Replies2(N), Replies3(N), BigBulk(64, 1<<20)}
}
