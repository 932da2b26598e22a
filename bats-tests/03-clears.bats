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
	live1=$(awk -F, '!/^ / && $6 == 0' "$TMPD/k1" | wc -l)
	echo 1 > "$MZ/$F_CLEAR_DEAD"
	mz_kmap "$TMPD/k2"
	run freed_indexes "$TMPD/k2"
	assert_output ""
	live2=$(awk -F, '!/^ / && $6 == 0' "$TMPD/k2" | wc -l)
	[ "$live2" -eq "$live1" ] || fail "live objects changed across clear dead: $live1 -> $live2"
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
