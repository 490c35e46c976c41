package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/respkit/resp"
)

func runProxy(ctx context.Context, e *env, args []string) int {
	fs := e.newFlagSet("proxy", "proxy -listen ADDR -upstream ADDR [-allow-remote] [-max-show N]\n\n"+
		"Forward each client of ADDR to a Redis server unchanged, printing every\n"+
		"command and reply, decoded, with the latency of each reply.")
	listen := fs.String("listen", "", "address to listen on, such as 127.0.0.1:6380 (required)")
	upstream := fs.String("upstream", "", "address of the Redis server, such as 127.0.0.1:6379 (required)")
	remote := fs.Bool("allow-remote", false, "allow a listen address that is not loopback")
	maxShow := fs.Int("max-show", 256, "show bulk strings longer than this many bytes as \"<N bytes>\"")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if *listen == "" || *upstream == "" || *maxShow < 0 || fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	if !*remote {
		if err := checkLoopback(*listen); err != nil {
			fmt.Fprintf(e.stderr, "resp: proxy: %v (use -allow-remote to allow it)\n", err)
			return exitUsage
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return e.report("proxy", "", err)
	}
	fmt.Fprintf(e.stderr, "resp: proxy: listening on %s, forwarding to %s\n", ln.Addr(), *upstream)
	p := &proxy{upstream: *upstream, out: &lockedWriter{w: e.stdout}, fmt: formatter{maxShow: *maxShow}}
	p.serve(ctx, ln)
	return exitOK
}

// checkLoopback returns an error unless every address that addr (host:port)
// names is a loopback address.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "" {
		return fmt.Errorf("%s listens on every interface", addr)
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return err
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address", host)
		}
	}
	return nil
}

// A lockedWriter writes whole blocks of lines from many goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// A proxy forwards client connections to the upstream server.
type proxy struct {
	upstream string
	out      io.Writer
	fmt      formatter
	ids      atomic.Int64
}

// serve accepts connections on ln until ctx is done, then closes them all.
func (p *proxy) serve(ctx context.Context, ln net.Listener) {
	var wg sync.WaitGroup
	conns := map[net.Conn]bool{}
	var mu sync.Mutex
	stop := context.AfterFunc(ctx, func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	defer stop()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() == nil {
				fmt.Fprintf(p.out, "resp: proxy: %v\n", err)
			}
			break
		}
		mu.Lock()
		if ctx.Err() != nil { // stopped while accepting c
			mu.Unlock()
			c.Close()
			break
		}
		conns[c] = true
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.handle(ctx, c)
			mu.Lock()
			delete(conns, c)
			mu.Unlock()
		}()
	}
	ln.Close()
	wg.Wait()
}

// handle forwards one client connection, until both directions end or ctx
// is done.
func (p *proxy) handle(ctx context.Context, client net.Conn) {
	defer client.Close()
	c := &conn{p: p, id: p.ids.Add(1)}
	c.printf("accepted %s", client.RemoteAddr())
	up, err := net.Dial("tcp", p.upstream)
	if err != nil {
		c.printf("upstream: %v", err)
		return
	}
	defer up.Close()
	defer context.AfterFunc(ctx, func() { up.Close() })()

	c.cmdTap = newTap(&c.pair)
	c.replyTap = newTap(nil)
	c.pair.cond = sync.NewCond(&c.pair.mu)
	var wg sync.WaitGroup
	wg.Add(4)
	go func() { defer wg.Done(); forward(up, client, c.cmdTap) }()
	go func() { defer wg.Done(); forward(client, up, c.replyTap) }()
	go func() { defer wg.Done(); c.decodeCommands() }()
	go func() { defer wg.Done(); c.decodeReplies() }()
	wg.Wait()
	c.printf("closed")
}

// forward copies src to dst until src ends, handing every chunk to tap
// first (without waiting for its decoder). At the end it closes the
// writing half of dst, so that the peer sees the end too, and the tap.
func forward(dst, src net.Conn, t *tap) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			t.offer(buf[:n])
			if _, werr := dst.Write(buf[:n]); werr != nil {
				src.Close()
				break
			}
		}
		if err != nil {
			break
		}
	}
	t.close(io.EOF)
	if tc, ok := dst.(*net.TCPConn); ok {
		tc.CloseWrite()
	} else {
		dst.Close()
	}
}

// tapQueue is the number of chunks a decoder may fall behind the
// forwarding before decoding of that direction stops.
const tapQueue = 1024

var errBehind = errors.New("the decoder fell behind the traffic")

// A tap carries the bytes of one direction, as forwarded, to a decoder: it
// is the io.Reader of the decoder's resp.Reader. It also remembers when
// each byte arrived.
type tap struct {
	ch     chan chunk
	err    error // why ch was closed, set before closing it
	closed atomic.Bool
	dead   atomic.Bool // the decoder has stopped
	pair   *pairing    // for the command direction, else nil

	// Used by the decoder only.
	cur    []byte
	chunks int64  // chunks received
	total  int64  // bytes received
	marks  []mark // arrival times of the chunks not yet passed
}

type chunk struct {
	b []byte
	t time.Time
}

type mark struct {
	end int64 // stream offset after the chunk
	t   time.Time
}

func newTap(pair *pairing) *tap {
	return &tap{ch: make(chan chunk, tapQueue), pair: pair}
}

// offer hands a copy of b to the decoder, unless its queue is full, in which
// case decoding of this direction stops.
func (t *tap) offer(b []byte) {
	if t.closed.Load() || t.dead.Load() {
		return
	}
	if t.pair != nil {
		t.pair.mu.Lock()
		t.pair.offered++
		t.pair.mu.Unlock()
	}
	select {
	case t.ch <- chunk{bytes.Clone(b), time.Now()}:
	default:
		t.close(errBehind)
	}
}

// close ends the stream of the decoder with err (once).
func (t *tap) close(err error) {
	if t.closed.CompareAndSwap(false, true) {
		t.err = err
		close(t.ch)
	}
}

func (t *tap) Read(p []byte) (int, error) {
	if len(t.cur) == 0 {
		if t.pair != nil {
			t.pair.idle(t)
		}
		c, ok := <-t.ch
		if !ok {
			return 0, t.err
		}
		t.cur = c.b
		t.chunks++
		t.total += int64(len(c.b))
		t.marks = append(t.marks, mark{t.total, c.t})
	}
	n := copy(p, t.cur)
	t.cur = t.cur[n:]
	return n, nil
}

// arrival returns when the byte at stream offset off arrived, and forgets
// the chunks before it.
func (t *tap) arrival(off int64) time.Time {
	i := 0
	for i < len(t.marks)-1 && t.marks[i].end <= off {
		i++
	}
	t.marks = t.marks[i:]
	if len(t.marks) == 0 {
		return time.Now()
	}
	return t.marks[0].t
}

// A pairing pairs replies with commands, first in first out. It knows when
// no decoded command can be waiting: when the command decoder has asked for
// more input after decoding every chunk offered to it.
type pairing struct {
	mu       sync.Mutex
	cond     *sync.Cond
	queue    []time.Time // arrival of the commands that await a reply
	offered  int64       // chunks offered to the command decoder
	received int64       // chunks the command decoder has taken, when idle
	stopped  bool        // command decoding has stopped
}

// idle records that the command decoder has decoded all it took.
func (pr *pairing) idle(t *tap) {
	pr.mu.Lock()
	pr.received = t.chunks
	pr.mu.Unlock()
	pr.cond.Broadcast()
}

func (pr *pairing) push(at time.Time) {
	pr.mu.Lock()
	pr.queue = append(pr.queue, at)
	pr.mu.Unlock()
	pr.cond.Broadcast()
}

func (pr *pairing) stop() {
	pr.mu.Lock()
	pr.stopped = true
	pr.mu.Unlock()
	pr.cond.Broadcast()
}

// take returns the arrival time of the oldest command awaiting a reply, or
// false if no command awaits one.
func (pr *pairing) take() (time.Time, bool) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	for len(pr.queue) == 0 && !pr.stopped && pr.received < pr.offered {
		pr.cond.Wait()
	}
	if len(pr.queue) == 0 {
		return time.Time{}, false
	}
	at := pr.queue[0]
	pr.queue = pr.queue[1:]
	return at, true
}

// A conn is one proxied connection.
type conn struct {
	p                *proxy
	id               int64
	cmdTap, replyTap *tap
	pair             pairing
	subscribed       bool // RESP2 pub/sub messages may arrive
	buf              []byte
}

func (c *conn) printf(format string, args ...any) {
	fmt.Fprintf(c.p.out, "[conn %d] %s\n", c.id, fmt.Sprintf(format, args...))
}

// print writes text, lines formatted by the formatter, after a header made
// of when (a latency, "push" or nothing) and dir ("<" or ">").
func (c *conn) print(when, dir string, text []byte) {
	head := fmt.Sprintf("[conn %d] %9s %s ", c.id, when, dir)
	pad := fmt.Sprintf("[conn %d] %9s   ", c.id, "")
	lines := strings.SplitAfter(strings.TrimSuffix(string(text), "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		if i == 0 {
			b.WriteString(head)
		} else {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	b.WriteByte('\n')
	io.WriteString(c.p.out, b.String())
}

// subscribeCommands get no reply of their own: Redis answers them with one
// push (or, in RESP2, pub/sub array) per channel.
var subscribeCommands = map[string]bool{
	"subscribe": true, "psubscribe": true, "ssubscribe": true,
	"unsubscribe": true, "punsubscribe": true, "sunsubscribe": true,
}

// decodeCommands prints the commands of the client.
func (c *conn) decodeCommands() {
	defer c.pair.stop()
	defer c.cmdTap.dead.Store(true)
	r := resp.NewReader(c.cmdTap)
	for {
		args, err := r.ReadCommand()
		if err != nil {
			c.stopped("commands", err, r.InputOffset())
			return
		}
		if !subscribeCommands[strings.ToLower(string(args[0]))] {
			c.pair.push(c.cmdTap.arrival(r.InputOffset() - 1))
		}
		c.buf = c.p.fmt.appendCommand(c.buf[:0], args)
		c.print("", ">", c.buf)
	}
}

// stopped reports why decoding of one direction stopped.
func (c *conn) stopped(what string, err error, off int64) {
	if err == io.EOF {
		return
	}
	c.printf("decoding %s stopped (forwarding goes on): %v", what, streamError(err, off))
}

// decodeReplies prints the replies and pushes of the server.
func (c *conn) decodeReplies() {
	defer c.replyTap.dead.Store(true)
	r := resp.NewReader(c.replyTap)
	var buf []byte
	for {
		start := r.InputOffset()
		v, body, err := r.ReadBulkStream()
		if err == nil && body != nil {
			buf, err = c.bulk(buf[:0], body)
		} else if err == nil {
			buf = c.p.fmt.appendValue(buf[:0], v, nil)
		}
		if err != nil {
			c.stopped("replies", err, start)
			return
		}
		at := c.replyTap.arrival(r.InputOffset() - 1)
		when := "push"
		if !c.isPush(v, body) {
			when = ""
			if sent, ok := c.pair.take(); ok {
				when = fmt.Sprintf("%.3fms", float64(at.Sub(sent).Microseconds())/1000)
			}
		}
		c.print(when, "<", buf)
	}
}

// bulk formats the streamed bulk string body, reading it whole only if it
// is short enough to show.
func (c *conn) bulk(dst []byte, body *resp.BulkReader) ([]byte, error) {
	if n := body.Size(); n >= 0 && n <= int64(c.p.fmt.maxShow) {
		b, err := io.ReadAll(body)
		return append(appendRepr(dst, b), '\n'), err
	}
	n, err := body.WriteTo(io.Discard)
	return append(appendSize(dst, n), '\n'), err
}

// isPush reports whether v is not a reply: a RESP3 push, or a RESP2
// pub/sub message or subscription change (which it follows).
func (c *conn) isPush(v resp.Value, body *resp.BulkReader) bool {
	if body != nil {
		return false
	}
	if v.Kind() == resp.KindPush {
		return true
	}
	e := v.Elems()
	if v.Kind() != resp.KindArray || len(e) < 3 || e[0].Kind() != resp.KindBulkString {
		return false
	}
	kind := strings.ToLower(string(e[0].Bytes()))
	switch {
	case subscribeCommands[kind] && len(e) == 3 && e[2].Kind() == resp.KindInteger:
		c.subscribed = e[2].Int64() > 0
		return true
	case c.subscribed && (kind == "message" || kind == "smessage" || kind == "pmessage"):
		return true
	}
	return false
}
