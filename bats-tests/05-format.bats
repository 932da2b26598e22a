#!/usr/bin/env bats
# Every kmap line matches the generation's format.

load memorizer_helper

setup() { mz_setup; mz_reset; }
teardown() { mz_teardown; }

@test "every kmap line parses (live and freed objects, access lines)" {
	echo 1 > "$MZ/$F_LOG_ACCESS"
	echo 1 > "$MZ/$F_LIVE"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	[ "$(mz_objects "$TMPD/k" | wc -l)" -gt 0 ] || fail "empty kmap after a mode-1 workload"
	run mz_bad_kmap_lines "$TMPD/k"
	assert_output ""
}

@test "the seed's manual experiment leaves a parsable kmap holding ls objects" {
	cd "$MZ"
	echo 1 > "$F_CLEAR_DEAD"
	cp kmap /dev/null
	echo 1 > "$F_CLEAR_PRINTED"
	echo 0 > "$F_LIVE"
	echo 1 > "$F_LOG_ACCESS"
	echo 1 > memorizer_enabled
	ls -l > /dev/null
	echo 0 > memorizer_enabled
	echo 0 > "$F_LOG_ACCESS"
	cd /
	mz_kmap "$TMPD/k"
	run mz_bad_kmap_lines "$TMPD/k"
	assert_output ""
	run awk -F, -v c="$CMD_FIELD" '!/^ / && $c == "ls"' "$TMPD/k"
	[ -n "$output" ] || fail "no object allocated by ls"
}

@test "current: object fields hold type, command, slab name" {
	only_current
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	# alloc_type is a known name; slabname is non-empty (no-slab if unknown)
	run awk -F, '!/^ / && ($8 !~ /^[A-Z_]*$/ || $10 == "")' "$TMPD/k"
	assert_output ""
	run awk -F, '!/^ / && $8 == "KMEM_CACHE"' "$TMPD/k"
	[ -n "$output" ] || fail "no KMEM_CACHE object"
	run awk -F, '!/^ / && $8 ~ /^KMALLOC/' "$TMPD/k"
	[ -n "$output" ] || fail "no KMALLOC object"
}

@test "access lines appear only with access logging on" {
	echo 0 > "$MZ/$F_LIVE"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/off"
	run grep -c '^  ' "$TMPD/off"
	assert_output 0
	echo 1 > "$MZ/$F_CLEAR_DEAD"
	echo 1 > "$MZ/$F_LOG_ACCESS"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/on"
	run grep -c '^  ' "$TMPD/on"
	[ "$output" -gt 0 ] || fail "no access line with access logging on"
}

@test "simulation: no invented reads, the free is one write" {
	[ -e /sys/module/memorizer_sim ] || skip "real Memorizer: reads are real"
	echo 1 > "$MZ/$F_LOG_ACCESS"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	if [ "$GEN" = current ]; then
		run awk -F, '/^  / && ($2 != 1 || $3 != 0)' "$TMPD/k"
	else
		run awk -F, '/^  / && ($3 != 1 || $4 != 0)' "$TMPD/k"
	fi
	assert_output ""
}

@test "current: allocations and accesses are CSV with a header line" {
	only_current
	echo 1 > "$MZ/$F_LOG_ACCESS"
	mz_set_mode 1
	mz_workload
	mz_off
	run head -n 1 "$MZ/allocations"
	assert_output --regexp '^[a-z_]+(,[a-z_]+)+$'
	run head -n 1 "$MZ/accesses"
	assert_output --regexp '^[a-z_]+(,[a-z_]+)+$'
	hdr=$(head -n 1 "$MZ/allocations" | awk -F, '{print NF}')
	run awk -F, -v n="$hdr" 'NR > 1 && NF != n' "$MZ/allocations"
	assert_output ""
	hdr=$(head -n 1 "$MZ/accesses" | awk -F, '{print NF}')
	[ "$(wc -l < "$MZ/accesses")" -gt 1 ] || fail "no access rows"
	run awk -F, -v n="$hdr" 'NR > 1 && NF != n' "$MZ/accesses"
	assert_output ""
}
