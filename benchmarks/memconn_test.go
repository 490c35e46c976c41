package benchmarks

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/respkit/resp"
	"github.com/respkit/resp/internal/workload"
)

// A memServer plays a Redis server to client libraries over in-memory
// connections (see dial). It answers GET with the next reply of a workload
// (served over and over), and every other command with what Redis 7 sends
// during a connection's handshake: the server's properties for HELLO, +OK
// for the rest. A push message of the workload is sent before the reply that
// follows it, as Redis sends pushes between replies. delivered counts the
// workload replies that clients have read whole, so that a benchmark runs
// until b.N replies were consumed, whatever a client does per call (a
// client may take a push message out of band and then read the next reply).
//
// The server decodes what the client writes (with resp.Decoder, about 30 ns
// for a GET): that cost is counted in the client's figures.
type memServer struct {
	w         workload.Workload
	mu        sync.Mutex
	next      int // index of the next workload reply
	delivered atomic.Int64
	onDemand  bool // serve the next reply whenever a client reads, unasked
}

// nextReply returns the next workload reply.
func (s *memServer) nextReply() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := 0
	if s.next > 0 {
		start = s.w.Ends[s.next-1]
	}
	b := s.w.Data[start:s.w.Ends[s.next]]
	if s.next++; s.next == len(s.w.Ends) {
		s.next = 0
	}
	return b
}

// count returns the number of workload replies read whole.
func (s *memServer) count() int { return int(s.delivered.Load()) }

// reset zeroes the count.
func (s *memServer) reset() { s.delivered.Store(0) }

// dial returns a new connection to s.
func (s *memServer) dial() *memConn {
	c := &memConn{srv: s}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// A memConn is one client connection to a memServer.
type memConn struct {
	srv    *memServer
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []chunk // replies not yet read whole
	head   int     // index in queue of the first of them
	in     []byte  // commands written, not yet answered
	dec    resp.Decoder
	closed bool
}

// A chunk is a reply waiting to be read.
type chunk struct {
	b        []byte
	workload bool // a workload reply, counted once read
}

func (c *memConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		switch {
		case c.closed:
			return 0, net.ErrClosed
		case c.head < len(c.queue):
			ch := &c.queue[c.head]
			n := copy(p, ch.b)
			if ch.b = ch.b[n:]; len(ch.b) == 0 {
				if ch.workload {
					c.srv.delivered.Add(1)
				}
				if c.head++; c.head == len(c.queue) {
					c.queue, c.head = c.queue[:0], 0
				}
			}
			return n, nil
		case c.srv.onDemand:
			c.queue = append(c.queue, chunk{c.srv.nextReply(), true})
		default:
			c.cond.Wait()
		}
	}
}

func (c *memConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, net.ErrClosed
	}
	c.in = append(c.in, p...)
	off := 0
	for off < len(c.in) {
		args, n, err := c.dec.DecodeCommand(c.in[off:])
		if err != nil {
			break // incomplete: wait for the rest
		}
		off += n
		if len(args) > 0 && string(args[0]) == "GET" {
			for {
				r := c.srv.nextReply()
				c.queue = append(c.queue, chunk{r, true})
				if r[0] != '>' {
					break
				}
			}
		} else {
			c.queue = append(c.queue, chunk{handshakeReply(args), false})
		}
	}
	c.in = c.in[:copy(c.in, c.in[off:])]
	c.cond.Broadcast()
	return len(p), nil
}

// handshakeReply returns what Redis 7 answers to a connection's first
// commands: the server's properties for HELLO, +OK otherwise.
func handshakeReply(args [][]byte) []byte {
	if len(args) == 0 || string(args[0]) != "HELLO" && string(args[0]) != "hello" {
		return []byte("+OK\r\n")
	}
	props := []resp.Value{
		resp.StringValue("server"), resp.StringValue("redis"),
		resp.StringValue("version"), resp.StringValue("7.0.15"),
		resp.StringValue("proto"), resp.Int64Value(3),
		resp.StringValue("id"), resp.Int64Value(1),
		resp.StringValue("mode"), resp.StringValue("standalone"),
		resp.StringValue("role"), resp.StringValue("master"),
		resp.StringValue("modules"), resp.ArrayValue(),
	}
	if len(args) > 1 && string(args[1]) == "2" {
		props[5] = resp.Int64Value(2)
		return resp.AppendValueRESP2(nil, resp.MapValue(props...))
	}
	return resp.AppendValue(nil, resp.MapValue(props...))
}

func (c *memConn) Close() error {
	c.mu.Lock()
	c.closed = true
	c.cond.Broadcast()
	c.mu.Unlock()
	return nil
}

type memAddr struct{}

func (memAddr) Network() string { return "mem" }
func (memAddr) String() string  { return "mem" }

func (c *memConn) LocalAddr() net.Addr              { return memAddr{} }
func (c *memConn) RemoteAddr() net.Addr             { return memAddr{} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }
