// Command tabulate reads the output of `go test -bench BenchmarkCodecs
// -benchmem -count N` and writes a Markdown table of the medians: for each
// workload and group, one row per codec with ns/value, MB/s, B/value,
// allocs/value and the ratio of its ns/value to that of resp in the same
// group (above 1: slower than resp).
//
// Usage: go run ./tabulate < bench.txt
package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// what says what each codec's benchmark does, so that framing is not taken
// for decoding.
var what = map[string]string{
	"resp.ReadCommand":           "full: arguments as [][]byte, zero-copy",
	"resp.ReadValue":             "full: Values, zero-copy, attributes attached",
	"resp.ReadBulkStream":        "payload streamed to io.Discard",
	"resp.Decoder.DecodeCommand": "full: arguments as [][]byte, zero-copy",
	"resp.Decoder.Decode":        "full: Values, zero-copy, attributes attached",
	"resp.Writer":                "WriteCommand / WriteValue (WriteBulk) to an io.Writer",
	"resp.Append":                "AppendCommand / AppendValue into a reused []byte",
	"resp.AppendTyped":           "AppendArrayLen/AppendBulkString/AppendInteger… into a reused []byte (redcon.Append's calls)",
	"redcon.Reader.ReadCommand":  "full: Command with Raw and Args (allocates per pipeline)",
	"redcon.ReadNextCommand":     "full: arguments as [][]byte, zero-copy",
	"redcon.ReadNextRESP":        "framing only: type and raw bytes, RESP2 only",
	"redcon.Append":              "AppendArray/AppendBulk/AppendString… into a reused []byte, RESP2 only",
	"radix.resp3.Unmarshal":      "full: into interface{} (cmds: []string), attributes dropped",
	"radix.resp3.RawMessage":     "framing only: copies each message's raw bytes",
	"radix.resp3.Marshal":        "typed marshalers (cmds: []string) to a bufio.Writer",
	"go-redis.Do":                "client round trip: writes GET, reads the reply into interface{}",
	"redigo.Receive":             "client: reads a reply into interface{}, RESP2 only",
	"redigo.Send":                "client: command into its write buffer",
	"rueidis.Do":                 "client round trip: writes GET, reads the reply into RedisMessage",
	"memmove":                    "floor: copy of the same bytes",
}

type cell struct {
	ns, mbs, bytes, allocs []float64
}

var line = regexp.MustCompile(`^BenchmarkCodecs/([^/]+)/([^/]+)/(\S+?)(-\d+)?\s+\d+\s+(.*)$`)

func main() {
	cells, order, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tabulate:", err)
		os.Exit(1)
	}
	write(os.Stdout, cells, order)
}

func parse(r io.Reader) (map[string]*cell, []string, error) {
	cells := map[string]*cell{}
	var order []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		key := m[1] + "/" + m[2] + "/" + m[3]
		c := cells[key]
		if c == nil {
			c = &cell{}
			cells[key] = c
			order = append(order, key)
		}
		f := strings.Fields(m[5])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %v", sc.Text(), err)
			}
			switch f[i+1] {
			case "ns/op":
				c.ns = append(c.ns, v)
			case "MB/s":
				c.mbs = append(c.mbs, v)
			case "B/op":
				c.bytes = append(c.bytes, v)
			case "allocs/op":
				c.allocs = append(c.allocs, v)
			}
		}
	}
	return cells, order, sc.Err()
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func write(w io.Writer, cells map[string]*cell, order []string) {
	fmt.Fprintln(w, "| workload | group | codec | what it does | ns/value | MB/s | B/value | allocs/value | × resp |")
	fmt.Fprintln(w, "|---|---|---|---|---:|---:|---:|---:|---:|")
	ref := map[string]float64{} // workload/group -> ns of its first resp cell
	for _, key := range order {
		parts := strings.SplitN(key, "/", 3)
		group := parts[0] + "/" + parts[1]
		if _, ok := ref[group]; !ok && strings.HasPrefix(parts[2], "resp.") {
			ref[group] = median(cells[key].ns)
		}
	}
	for _, key := range order {
		parts := strings.SplitN(key, "/", 3)
		c := cells[key]
		ns := median(c.ns)
		ratio := "–"
		if r := ref[parts[0]+"/"+parts[1]]; r > 0 {
			ratio = strconv.FormatFloat(ns/r, 'f', 2, 64)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.0f | %s | %s | %s |\n",
			parts[0], parts[1], parts[2], what[parts[2]], formatNs(ns), median(c.mbs), short(median(c.bytes)), short(median(c.allocs)), ratio)
	}
}

// short formats a count with at most two decimals, and none if it is whole.
func short(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func formatNs(ns float64) string {
	if ns >= 100 {
		return strconv.FormatFloat(ns, 'f', 0, 64)
	}
	return strconv.FormatFloat(ns, 'f', 1, 64)
}
