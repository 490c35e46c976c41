package workload

import (
	"bytes"
	"testing"
)

// TestDeterministic checks that a generator gives the same bytes every time
// and that Ends splits Data into Count values.
func TestDeterministic(t *testing.T) {
	for _, f := range []func(int) Workload{Commands, Replies2, Replies3, func(n int) Workload { return BigBulk(n, 1000) }} {
		a, b := f(500), f(500)
		if !bytes.Equal(a.Data, b.Data) || a.Count() != 500 || b.Count() != 500 {
			t.Fatalf("%s: two runs differ or count is wrong (%d)", a.Name, a.Count())
		}
		if a.Ends[len(a.Ends)-1] != len(a.Data) {
			t.Fatalf("%s: last end %d, data length %d", a.Name, a.Ends[len(a.Ends)-1], len(a.Data))
		}
	}
}

// TestShares checks the mix of commands of Commands.
func TestShares(t *testing.T) {
	w := Commands(1000)
	count := map[string]int{}
	for _, c := range w.Commands {
		count[c[0]]++
	}
	want := map[string]int{"GET": 400, "SET": 400, "HSET": 100, "MSET": 100}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%d %s commands, want %d", count[k], k, n)
		}
	}
}
