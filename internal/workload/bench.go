package workload

import "testing"

// StartTimer sets what a benchmark of w reports per op, the mean bytes of a
// value and allocations, and restarts b's timer: what every benchmark of w
// does once warm.
func (w Workload) StartTimer(b *testing.B) {
	b.SetBytes(w.BytesPerValue())
	b.ReportAllocs()
	b.ResetTimer()
}

// Bench times op(i) once per value of w, i cycling through its values,
// after a warm-up over the whole workload. The loop costs one indirect call
// and a counter, the same for every codec it times.
func (w Workload) Bench(b *testing.B, op func(i int) error) {
	for i := range w.Count() {
		if err := op(i); err != nil {
			b.Fatal(err)
		}
	}
	w.StartTimer(b)
	i, n := 0, w.Count()
	for range b.N {
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		if i++; i == n {
			i = 0
		}
	}
}
