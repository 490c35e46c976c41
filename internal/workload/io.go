package workload

// A LoopReader reads Data over and over, at most Max bytes per Read (0: no
// limit), and counts its Read calls in Reads. It never returns an error.
type LoopReader struct {
	Data  []byte
	Max   int
	Reads int
	off   int
}

// Read copies the next bytes of Data into p, going back to the start of
// Data at its end.
func (l *LoopReader) Read(p []byte) (int, error) {
	if l.Max > 0 && len(p) > l.Max {
		p = p[:l.Max]
	}
	n := copy(p, l.Data[l.off:])
	if l.off += n; l.off == len(l.Data) {
		l.off = 0
	}
	l.Reads++
	return n, nil
}

// A CopySink copies what is written to it into a 64 KiB ring, as a socket
// copies into the kernel: an encoder's output costs the one memmove it costs
// in production, and no encoder gains from writing past its buffer.
type CopySink struct {
	ring [64 << 10]byte
	off  int
}

// Write copies p into the ring and reports it all written.
func (s *CopySink) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		m := copy(s.ring[s.off:], p)
		p = p[m:]
		s.off = (s.off + m) % len(s.ring)
	}
	return n, nil
}
