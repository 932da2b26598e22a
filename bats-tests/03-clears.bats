#!/usr/bin/env bats
# clear dead / clear printed drop exactly the freed objects they should.

load memorizer_helper

setup() { mz_setup; mz_reset; }
teardown() { mz_teardown; }

# freed objects (free_index != 0) of a kmap file, one alloc_index per line
freed_indexes() { awk -F, '!/^ / && $6 != 0 { print $5 }' "$1" | sort; }

@test "clear dead drops every freed object and keeps live ones" {
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k1"
	[ "$(freed_indexes "$TMPD/k1" | wc -l)" -gt 0 ] || fail "workload in mode 1 produced no freed object"
	awk -F, '!/^ / && $6 == 0 && $5 != 0 { print $5 }' "$TMPD/k1" | sort > "$TMPD/live1"
	echo 1 > "$MZ/$F_CLEAR_DEAD"
	mz_kmap "$TMPD/k2"
	run freed_indexes "$TMPD/k2"
	assert_output ""
	# no object turns up that was not live before; those freed while
	# untraced may go (their slots are reclaimed), still-live ones stay
	awk -F, '!/^ / && $6 == 0 && $5 != 0 { print $5 }' "$TMPD/k2" | sort > "$TMPD/live2"
	run awk 'NR == FNR { a[$1]; next } !($1 in a)' "$TMPD/live1" "$TMPD/live2"
	assert_output ""
	[ -s "$TMPD/live2" ] || fail "every live object went with clear dead"
}

@test "the 27 catch-all objects lead the kmap while live reporting is on" {
	echo 1 > "$MZ/$F_LIVE"
	mz_kmap "$TMPD/k"
	run sh -c "grep -v '^ ' $TMPD/k | head -n 27 | awk -F, '\$5 == 0 && \$4 == 0' | wc -l"
	assert_output 27
}

@test "objects live at dump time and freed untraced do not hold their slots for good" {
	[ -r /sys/module/memorizer_sim/parameters/capacity ] || skip "simulation only"
	echo 1 > "$MZ/$F_LIVE"
	for round in 1 2 3 4 5 6; do
		mz_set_mode 1
		mz_workload
		mz_off
		mz_kmap "$TMPD/k"
		echo 1 > "$MZ/$F_CLEAR_DEAD"
		echo 1 > "$MZ/$F_CLEAR_PRINTED"
		grep -v '^ ' "$TMPD/k" | wc -l >> "$TMPD/sizes"
	done
	# the live set does not keep growing with every cycle
	first=$(sed -n 2p "$TMPD/sizes")
	last=$(tail -n 1 "$TMPD/sizes")
	[ "$last" -lt $((first * 3)) ] || fail "kmap grew cycle by cycle: $(tr '\n' ' ' < "$TMPD/sizes")"
	run grep -c '^dropped: 0$' "$MZ/$F_STATS"
	assert_output 1
}

@test "clear printed drops only the freed objects already reported" {
	echo 0 > "$MZ/$F_LIVE"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k1"                # reports (prints) the freed objects A
	freed_indexes "$TMPD/k1" > "$TMPD/a"
	[ -s "$TMPD/a" ] || fail "no freed object in the first kmap"
	mz_set_mode 1
	mz_workload                        # more freed objects B, not yet printed
	mz_off
	echo 1 > "$MZ/$F_CLEAR_PRINTED"
	mz_kmap "$TMPD/k2"
	freed_indexes "$TMPD/k2" > "$TMPD/b"
	[ -s "$TMPD/b" ] || fail "clear printed also dropped objects never reported"
	# no object reported before the clear survives it
	run awk 'NR == FNR { a[$1]; next } ($1 in a)' "$TMPD/a" "$TMPD/b"
	assert_output ""
}

@test "with live reporting off kmap holds only freed objects" {
	echo 0 > "$MZ/$F_LIVE"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	run awk -F, '!/^ / && $6 == 0' "$TMPD/k"
	assert_output ""
	[ -s "$TMPD/k" ] || fail "empty kmap"
}
