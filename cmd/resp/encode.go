package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"

	"github.com/respkit/resp"
)

func runEncode(_ context.Context, e *env, args []string) int {
	fs := e.newFlagSet("encode", "encode [-json] [FILE...]\n\n"+
		"Encode commands, one per line and quoted as redis-cli quotes them, as RESP\n"+
		"for redis-cli --pipe; with -json, encode the values of JSON documents.")
	asJSON := fs.Bool("json", false, "read JSON documents (the mapping that decode -json prints) instead of commands")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	w := resp.NewWriterSize(e.stdout, 64<<10)
	enc := encoder{w: w, prog: startProgress(e.stderr, "encode")}
	// A line may be as long as a value: the inline splitter's line limit
	// is for untrusted peers, not for the user's own input.
	enc.dec.MaxLineLen = math.MaxInt
	f := enc.commands
	if *asJSON {
		f = enc.json
	}
	code := e.eachInput("encode", fs.Args(), f)
	enc.prog.end()
	if err := w.Flush(); err != nil && code == exitOK {
		code = e.report("encode", "", err)
	}
	return code
}

// An encoder writes the commands or JSON values of its inputs as RESP.
type encoder struct {
	w      *resp.Writer
	dec    resp.Decoder
	src    []byte
	prog   *progress
	base   int64 // bytes of the inputs before the current one
	values int64
}

// commands encodes the text commands of in, one per line.
func (enc *encoder) commands(in input) error {
	br := bufio.NewReaderSize(in.r, 64<<10)
	var off int64
	for lineNo := 1; ; lineNo++ {
		// A space put in front of the line makes the package's command
		// splitter read it as an inline command even if it starts with '*'.
		src, err := readLine(br, append(enc.src[:0], ' '))
		enc.src = src
		n := len(src) - 1
		if n > 0 {
			if !bytes.HasSuffix(src, []byte("\n")) {
				src = append(src, '\n')
			}
			if perr := enc.command(src, lineNo, off); perr != nil {
				return perr
			}
		}
		off += int64(n)
		enc.prog.update(enc.base+off, enc.values)
		if err == io.EOF {
			enc.base += off
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readLine appends to dst the next line of br, with its LF if it has one.
func readLine(br *bufio.Reader, dst []byte) ([]byte, error) {
	for {
		chunk, err := br.ReadSlice('\n')
		dst = append(dst, chunk...)
		if err != bufio.ErrBufferFull {
			return dst, err
		}
	}
}

// command encodes the command in src, a space and the line numbered lineNo,
// which starts at stream offset off.
func (enc *encoder) command(src []byte, lineNo int, off int64) error {
	args, _, err := enc.dec.DecodeCommand(src)
	if errors.Is(err, resp.ErrIncomplete) {
		// A blank line (or one that starts with NUL). The next line comes
		// in the same buffer: it must not resume this one.
		enc.dec.Reset()
		return nil
	}
	var pe *resp.ProtocolError
	if errors.As(err, &pe) {
		return &inputError{line: lineNo, offset: off + pe.Offset - 1, err: errors.New(pe.Err.Error() + ": " + pe.Detail)}
	}
	err = enc.w.WriteArrayLen(len(args))
	for _, a := range args {
		err = enc.w.WriteBulk(a)
	}
	enc.values++
	return err
}

// json encodes the values of the JSON documents of in.
func (enc *encoder) json(in input) error {
	jd := json.NewDecoder(in.r)
	jd.UseNumber()
	jd.DisallowUnknownFields()
	for {
		start := jd.InputOffset()
		var j jsonValue
		err := jd.Decode(&j)
		if err == io.EOF {
			enc.base += jd.InputOffset()
			return nil
		}
		var v resp.Value
		if err == nil {
			v, err = j.value()
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				start = se.Offset
			}
			return &inputError{offset: start, err: err}
		}
		enc.values++
		enc.prog.update(enc.base+jd.InputOffset(), enc.values)
		if err := enc.w.WriteValue(v); err != nil {
			return err
		}
	}
}
