#!/usr/bin/env bats
# kmap_stream: freed objects only, consumed by reading, blocks (never EOF).

load memorizer_helper

setup() { mz_setup; only_renamed; mz_reset; }
teardown() { mz_teardown; }

# exit codes of a command stopped by timeout: GNU 124, busybox 143 (SIGTERM)
timed_out() { [ "$1" -eq 124 ] || [ "$1" -eq 143 ] || [ "$1" -eq 137 ]; }

@test "kmap_stream delivers freed objects, consumes them, then blocks" {
	mz_set_mode 1
	mz_workload
	mz_off
	rc=0
	timeout 2 cat "$MZ/kmap_stream" > "$TMPD/s1" || rc=$?
	timed_out "$rc" || fail "cat kmap_stream ended by itself (rc=$rc): it must block"
	[ -s "$TMPD/s1" ] || fail "kmap_stream delivered nothing"
	[ "$(mz_objects "$TMPD/s1" | wc -l)" -gt 0 ]
	run awk -F, '!/^ / && $6 == 0' "$TMPD/s1"
	assert_output ""                   # only freed objects
	run mz_bad_kmap_lines "$TMPD/s1"
	assert_output ""
	# consumed: a second read gets nothing and still blocks
	rc=0
	timeout 1 cat "$MZ/kmap_stream" > "$TMPD/s2" || rc=$?
	timed_out "$rc" || fail "second read ended by itself (rc=$rc)"
	[ ! -s "$TMPD/s2" ] || fail "objects were not consumed: $(head -3 "$TMPD/s2")"
	# and they are gone from the kmap too
	mz_kmap "$TMPD/k"
	run awk -F, '!/^ / && $6 != 0' "$TMPD/k"
	assert_output ""
}

@test "kmap_stream delivers objects freed while it is being read" {
	timeout 2 cat "$MZ/kmap_stream" > "$TMPD/s" &
	reader=$!
	sleep 0.3
	mz_set_mode 1
	mz_workload
	mz_off
	rc=0
	wait "$reader" || rc=$?
	timed_out "$rc" || fail "reader ended by itself (rc=$rc)"
	[ "$(mz_objects "$TMPD/s" | wc -l)" -gt 0 ] || fail "nothing streamed while objects were freed"
}
