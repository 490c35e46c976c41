package resp

// A private redis-server for the tests that talk to a real Redis (live_test.go)
// and for the recorder of the golden files (golden_test.go).
//
// Every server listens on a free loopback TCP port and on a Unix socket named
// redis.sock in its own temporary directory (the path Redis reports for its
// clients is then the same on every run), keeps nothing on disk and accepts
// DEBUG commands. A test never talks to a Redis it did not start.

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain runs the tests, then stops the redis-server that they shared.
func TestMain(m *testing.M) {
	code := m.Run()
	if redisShared.srv != nil {
		if err := redisShared.srv.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping the shared redis-server:", err)
		}
		os.RemoveAll(redisShared.srv.dir)
	}
	os.Exit(code)
}

// requireBinary returns the path of the program name. If it is not
// installed, the test is skipped, or fails when the environment variable CI
// is set: CI installs it, and its tests must never skip silently.
func requireBinary(tb testing.TB, name string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := name + " is not installed (Debian: apt-get install redis-server redis-tools)"
	if os.Getenv("CI") != "" {
		tb.Fatal(msg + "; CI is set, so this test must run, not skip")
	}
	tb.Skip(msg + "; skipping this test (with CI set, it would fail)")
	return ""
}

// A redisServer is a redis-server process started by a test.
type redisServer struct {
	addr   string // TCP address, 127.0.0.1:port
	port   int
	unix   string // path of its Unix socket
	dir    string // its working directory: log and socket
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited
	err    error         // its exit status, once exited is closed
}

// redisShared is the one server that the live tests share.
var redisShared struct {
	once sync.Once
	srv  *redisServer
	err  error
}

// sharedRedis returns the redis-server that the tests of this run share,
// starting it on first use; TestMain stops it. Tests that share it must
// use keys of their own and must not flush or reconfigure it.
func sharedRedis(t *testing.T) *redisServer {
	t.Helper()
	path := requireBinary(t, "redis-server")
	redisShared.once.Do(func() {
		dir, err := os.MkdirTemp("", "resp-redis-")
		if err != nil {
			redisShared.err = err
			return
		}
		redisShared.srv, redisShared.err = launchRedis(path, dir)
		if redisShared.err != nil {
			os.RemoveAll(dir)
		}
	})
	if redisShared.err != nil {
		t.Fatal(redisShared.err)
	}
	return redisShared.srv
}

// startRedis starts a redis-server for tb alone and stops it when tb ends.
func startRedis(tb testing.TB) *redisServer {
	tb.Helper()
	path := requireBinary(tb, "redis-server")
	srv, err := launchRedis(path, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := srv.stop(); err != nil {
			tb.Error(err)
		}
	})
	return srv
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// launchRedis starts redis-server in dir on a free port and waits until it
// answers PING. Another process may take the port between freePort and the
// server's bind, so a server that exits while starting is retried on
// another port.
func launchRedis(path, dir string) (*redisServer, error) {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var srv *redisServer
		if srv, err = launchRedisOnce(path, dir); err == nil {
			return srv, nil
		}
	}
	return nil, err
}

func launchRedisOnce(path, dir string) (*redisServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "redis.log")
	os.Remove(logPath)
	srv := &redisServer{
		addr:   net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		port:   port,
		unix:   filepath.Join(dir, "redis.sock"),
		dir:    dir,
		exited: make(chan struct{}),
	}
	// Redis changes to --dir before it creates the socket, so the relative
	// socket path puts it in dir and makes Redis report it as "redis.sock".
	srv.cmd = exec.Command(path,
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--unixsocket", "redis.sock", "--unixsocketperm", "700",
		"--dir", dir, "--logfile", logPath,
		"--save", "", "--appendonly", "no",
		"--enable-debug-command", "yes",
		"--daemonize", "no")
	srv.cmd.Dir = dir
	if err := srv.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		srv.err = srv.cmd.Wait()
		close(srv.exited)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-srv.exited:
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("redis-server on port %d exited while starting (%v); its log:\n%s", port, srv.err, log)
		default:
		}
		if srv.ping() == nil {
			return srv, nil
		}
		if time.Now().After(deadline) {
			srv.stop()
			return nil, fmt.Errorf("redis-server on port %d did not answer PING within 10s", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ping checks that the server answers PING on TCP and on its Unix socket.
func (s *redisServer) ping() error {
	for _, network := range []string{"tcp", "unix"} {
		addr := s.addr
		if network == "unix" {
			addr = s.unix
		}
		c, err := net.DialTimeout(network, addr, time.Second)
		if err != nil {
			return err
		}
		c.SetDeadline(time.Now().Add(time.Second))
		w, r := NewWriter(c), NewReader(c)
		w.WriteCommand("PING")
		err = w.Flush()
		var v Value
		if err == nil {
			v, err = r.ReadValue()
		}
		c.Close()
		if err == nil && (v.Kind() != KindSimpleString || string(v.Bytes()) != "PONG") {
			err = fmt.Errorf("PING: got %v", v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// stop terminates the server (SIGTERM; SIGKILL if it has not exited within
// 5 seconds) and waits for it.
func (s *redisServer) stop() error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return nil
	case <-time.After(5 * time.Second):
	}
	s.cmd.Process.Kill()
	<-s.exited
	return errors.New("redis-server did not stop on SIGTERM within 5s; killed")
}

// A redisConn is a client connection that talks through resp's Reader and
// Writer only.
type redisConn struct {
	net.Conn
	r *Reader
	w *Writer
}

// dialRedis connects to the server over TCP and, for proto 3, sends HELLO 3
// and checks its reply. The connection is closed when tb ends.
func dialRedis(tb testing.TB, s *redisServer, proto int) *redisConn {
	tb.Helper()
	c, err := net.DialTimeout("tcp", s.addr, 5*time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	rc := &redisConn{Conn: c, r: NewReader(c), w: NewWriter(c)}
	if proto == 3 {
		v := rc.do(tb, "HELLO", "3")
		if v.Kind() != KindMap {
			tb.Fatalf("HELLO 3: got a %v, want a map: %v", v.Kind(), v)
		}
	}
	return rc
}

// send writes a command and flushes it.
func (c *redisConn) send(tb testing.TB, args ...string) {
	tb.Helper()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	c.w.WriteCommand(args...)
	if err := c.w.Flush(); err != nil {
		tb.Fatalf("sending %q: %v", args, err)
	}
}

// read reads the next value and returns a copy that outlives the next read.
func (c *redisConn) read(tb testing.TB) Value {
	tb.Helper()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	v, err := c.r.ReadValue()
	if err != nil {
		tb.Fatalf("reading a reply: %v", err)
	}
	return v.Clone()
}

// do sends a command and returns its reply (a copy).
func (c *redisConn) do(tb testing.TB, args ...string) Value {
	tb.Helper()
	c.send(tb, args...)
	return c.read(tb)
}

// wantValue fails tb unless got equals want (see Value.Equal).
func wantValue(tb testing.TB, what string, got, want Value) {
	tb.Helper()
	if !got.Equal(want) {
		tb.Fatalf("%s: got %v %v, want %v %v", what, got.Kind(), got, want.Kind(), want)
	}
}
