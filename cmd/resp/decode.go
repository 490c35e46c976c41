package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/respkit/resp"
)

func runDecode(_ context.Context, e *env, args []string) int {
	fs := e.newFlagSet("decode", "decode [-json | -raw] [-commands] [FILE...]\n\n"+
		"Decode a RESP stream and print each value as redis-cli prints it.")
	asJSON := fs.Bool("json", false, "print one JSON document per value (the mapping that encode -json reads)")
	raw := fs.Bool("raw", false, "print payloads as they are, as redis-cli --raw does")
	cmds := fs.Bool("commands", false, "read commands (multibulk or inline) instead of values")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if *asJSON && *raw {
		fs.Usage()
		return exitUsage
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	prog := startProgress(e.stderr, "decode")
	d := decoder{fmt: formatter{maxShow: -1}, out: out, json: json.NewEncoder(out), raw: *raw, asJSON: *asJSON, commands: *cmds, prog: prog}
	d.json.SetEscapeHTML(false)
	code := e.eachInput("decode", fs.Args(), d.decode)
	prog.end()
	if err := out.Flush(); err != nil && code == exitOK {
		code = e.report("decode", "", err)
	}
	return code
}

// A decoder prints the values (or commands) of its inputs.
type decoder struct {
	out      *bufio.Writer
	json     *json.Encoder
	fmt      formatter
	buf      []byte
	raw      bool
	asJSON   bool
	commands bool
	prog     *progress
	base     int64 // bytes of the inputs before the current one
	values   int64
}

// decode prints every value of in.
func (d *decoder) decode(in input) error {
	r := resp.NewReaderSize(in.r, 64<<10)
	defer func() { d.base += r.InputOffset() }()
	for {
		start := r.InputOffset()
		v, err := d.next(r)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return streamError(err, start)
		}
		if err := d.print(v); err != nil {
			return err
		}
		d.values++
		d.prog.update(d.base+r.InputOffset(), d.values)
	}
}

// next reads a value, or a command as an array of bulk strings.
func (d *decoder) next(r *resp.Reader) (resp.Value, error) {
	if !d.commands {
		return r.ReadValue()
	}
	args, err := r.ReadCommand()
	if err != nil {
		return resp.Value{}, err
	}
	elems := make([]resp.Value, len(args))
	for i, a := range args {
		elems[i] = resp.BytesValue(a)
	}
	return resp.ArrayValue(elems...), nil
}

func (d *decoder) print(v resp.Value) error {
	switch {
	case d.asJSON:
		return d.json.Encode(toJSON(v))
	case d.raw:
		d.buf = append(appendRaw(d.buf[:0], v), '\n')
	case d.commands:
		args := make([][]byte, len(v.Elems()))
		for i, a := range v.Elems() {
			args[i] = a.Bytes()
		}
		d.buf = d.fmt.appendCommand(d.buf[:0], args)
	default:
		d.buf = d.fmt.appendValue(d.buf[:0], v, nil)
	}
	_, err := d.out.Write(d.buf)
	return err
}
