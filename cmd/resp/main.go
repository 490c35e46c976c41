package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/respkit/resp"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses, as Go tools use them.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

const usage = `usage: resp <command> [flags] [FILE...]

Commands:
  encode   text commands (or JSON with -json) to RESP, for redis-cli --pipe
  decode   RESP to redis-cli style text, -raw payloads, or -json documents
  proxy    forward a client to Redis, printing commands and replies

Run "resp <command> -h" for the flags of a command.
`

// A command is one subcommand: it parses its flags from args and runs.
type command func(ctx context.Context, env *env, args []string) int

var commands = map[string]command{
	"encode": runEncode,
	"decode": runDecode,
	"proxy":  runProxy,
}

// env is what a subcommand may touch: its standard streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run runs the resp command with args (without the program name) and
// returns its exit status. Cancelling ctx stops the proxy, as SIGINT does.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && commands[args[1]] != nil {
			return commands[args[1]](ctx, e, []string{"-h"})
		}
		fmt.Fprint(stderr, usage)
		return exitOK
	}
	cmd := commands[name]
	if cmd == nil {
		fmt.Fprintf(stderr, "resp: unknown command %q\n%s", name, usage)
		return exitUsage
	}
	return cmd(ctx, e, args[1:])
}

// newFlagSet returns a flag set for subcommand name whose usage prints
// synopsis and the flags.
func (e *env) newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("resp "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: resp %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args into fs. It returns -1 to go on, or the exit status:
// 0 for -h, 2 for bad flags.
func parse(fs *flag.FlagSet, args []string) int {
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case err != nil:
		return exitUsage
	}
	return -1
}

// An input is one stream to read: a named file, or standard input.
type input struct {
	name string // "" for standard input
	r    io.Reader
}

// eachInput calls f for each file named in names, or for standard input if
// there are none, and stops at the first error, which it prints. It returns
// the exit status.
func (e *env) eachInput(cmd string, names []string, f func(in input) error) int {
	if len(names) == 0 {
		return e.report(cmd, "", f(input{r: e.stdin}))
	}
	for _, name := range names {
		file, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(e.stderr, "resp: %s: %v\n", cmd, err)
			return exitFailure
		}
		err = f(input{name: name, r: file})
		file.Close()
		if code := e.report(cmd, name, err); code != exitOK {
			return code
		}
	}
	return exitOK
}

// report prints err, if any, as "resp: CMD: FILE: message" and returns the
// exit status.
func (e *env) report(cmd, file string, err error) int {
	if err == nil {
		return exitOK
	}
	prefix := "resp: " + cmd + ": "
	if file != "" {
		prefix += file + ": "
	}
	fmt.Fprintf(e.stderr, "%s%v\n", prefix, err)
	return exitFailure
}

// An inputError is bad input at a byte offset of the stream.
type inputError struct {
	line   int // line number, 0 if not known
	offset int64
	err    error
}

func (e *inputError) Error() string {
	s := ""
	if e.line > 0 {
		s = fmt.Sprintf("line %d: ", e.line)
	}
	return fmt.Sprintf("%soffset %d: %v", s, e.offset, e.err)
}

func (e *inputError) Unwrap() error { return e.err }

// streamError explains an error of a resp.Reader, whose next value would
// have started at offset start, as an *inputError.
func streamError(err error, start int64) error {
	var pe *resp.ProtocolError
	switch {
	case errors.As(err, &pe):
		msg := pe.Err.Error()
		if pe.Detail != "" {
			msg += ": " + pe.Detail
		}
		return &inputError{offset: pe.Offset, err: errors.New(msg)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &inputError{offset: start, err: errors.New("input ends inside the value that starts here")}
	}
	return err
}

// A progress shows how far a long encode or decode has gone, on a line of
// standard error that it rewrites, if standard error is a terminal.
type progress struct {
	bytes, values atomic.Int64
	w             io.Writer
	stop, done    chan struct{}
}

// startProgress starts showing progress on w, if w is a terminal. The line
// first appears after half a second, then changes four times a second.
func startProgress(w io.Writer, verb string) *progress {
	p := &progress{w: w, stop: make(chan struct{}), done: make(chan struct{})}
	if f, ok := w.(*os.File); !ok || !isTerminal(f) {
		close(p.done)
		return p
	}
	go p.loop(verb, 500*time.Millisecond, 250*time.Millisecond)
	return p
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) loop(verb string, delay, every time.Duration) {
	defer close(p.done)
	timer := time.NewTimer(delay)
	defer timer.Stop()
	shown := false
	for {
		select {
		case <-p.stop:
			if shown {
				fmt.Fprint(p.w, "\r\033[K")
			}
			return
		case <-timer.C:
			shown = true
			fmt.Fprintf(p.w, "\r\033[Kresp: %s: %s, %d values", verb, sizeString(p.bytes.Load()), p.values.Load())
			timer.Reset(every)
		}
	}
}

// update records that n bytes of input have been read, holding values
// values. It costs two atomic stores.
func (p *progress) update(n int64, values int64) {
	p.bytes.Store(n)
	p.values.Store(values)
}

// end stops the progress line and clears it.
func (p *progress) end() {
	select {
	case <-p.done:
	default:
		close(p.stop)
		<-p.done
	}
}

func sizeString(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
