#!/usr/bin/env bash
# Runs the side-by-side comparison of resp with the other Go RESP codecs and
# clients on the shared workloads, and writes RESULTS.md: the medians of
# COUNT runs (default 5), with each codec's ratio to resp from the same run,
# the machine it ran on, benchstat's summary where benchstat can be had, and
# the command to reproduce.
#
# Usage: benchmarks/run.sh            (COUNT=5 BENCHTIME=1s by default)
#        COUNT=10 BENCH='replies2/decode' benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")"

COUNT=${COUNT:-5}
BENCHTIME=${BENCHTIME:-1s}
BENCH=${BENCH:-}
BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
raw=$tmp/codecs.txt
# One test binary, run COUNT times over the whole suite (rather than -count,
# which repeats each benchmark back to back): a burst of other load on the
# machine then spreads over all codecs instead of falling on one.
go test -c -o "$tmp/benchmarks.test" .
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cmd="benchmarks.test -test.run '^\$' -test.bench 'BenchmarkCodecs/$BENCH' -test.benchmem -test.benchtime $BENCHTIME -test.timeout 0"
for i in $(seq "$COUNT"); do
	echo "+ round $i/$COUNT: $cmd" >&2
	eval "$tmp/$cmd" | tee -a "$raw" >&2
done

{
	echo "# resp and its peers, side by side"
	echo
	echo "Written by \`benchmarks/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Medians of $COUNT rounds over the whole"
	echo "suite (each round runs every codec in one process), one value (or command) per op; × resp is the"
	echo "codec's ns/value over resp's in the same workload and group (above 1: slower than resp)."
	echo
	echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3-)"
	echo "- Load average (1, 5, 15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after; other work on the machine makes figures noisy."
	echo "- Reproduce: \`cd benchmarks && COUNT=$COUNT BENCHTIME=$BENCHTIME ./run.sh\` (runs \`go test -c\`, then $COUNT rounds of \`$cmd\`)"
	echo "- Peers: $(go list -m -f '{{.Path}} {{.Version}}' github.com/tidwall/redcon github.com/mediocregopher/radix/v4 github.com/redis/go-redis/v9 github.com/gomodule/redigo github.com/redis/rueidis | paste -sd, - | sed 's/,/, /g')."
	echo "  tidwall/resp and secmask/go-redisproto are not served by the Go module proxy here (403), so they are not measured."
	echo
	echo "Groups: decode-stream reads from an io.Reader that replays the workload (clients read"
	echo "through an in-memory net.Conn that answers each GET with the next reply); decode-bytes"
	echo "decodes from a []byte; encode-stream writes to an io.Writer that copies into a 64 KiB"
	echo "ring (as a socket copies into the kernel); encode-bytes appends to a reused []byte."
	echo "memmove is the floor: a copy of the same bytes. Framing-only peers find where a value"
	echo "ends without building it: compare them with care."
	echo
	go run ./tabulate <"$raw"
	if stat=$(go run "$BENCHSTAT" "$raw" 2>/dev/null); then
		echo
		echo "<details><summary>benchstat</summary>"
		echo
		echo '```'
		echo "$stat"
		echo '```'
		echo
		echo "</details>"
	fi
} >RESULTS.md.tmp
mv RESULTS.md.tmp RESULTS.md
echo "wrote $(pwd)/RESULTS.md" >&2
