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

@test "object fields hold type, command, slab name" {
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	# alloc_type is a known name; slabname is non-empty (no-slab if unknown)
	run awk -F, '!/^ / && ($8 !~ /^[A-Z_]+$/ || $10 == "")' "$TMPD/k"
	assert_output ""
	run awk -F, '!/^ / && $8 == "KMEM_CACHE"' "$TMPD/k"
	[ -n "$output" ] || fail "no KMEM_CACHE object"
	run awk -F, '!/^ / && $8 ~ /^KMALLOC/' "$TMPD/k"
	[ -n "$output" ] || fail "no KMALLOC object"
}

@test "older generations: freed objects carry access lines only with access logging on" {
	freed_keep_accesses || skip "$GEN moves a freed object's accesses away"
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

@test "newest and v26: freed objects carry no access lines" {
	only_renamed
	echo 0 > "$MZ/$F_LIVE"
	echo 1 > "$MZ/$F_LOG_ACCESS"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	[ "$(mz_objects "$TMPD/k" | wc -l)" -gt 0 ] || fail "no freed object"
	run grep -c '^  ' "$TMPD/k"
	assert_output 0
}

@test "pointers as the kernel prints them: alloc_ip padded to 16, others 16 digits" {
	grep -qw no_hash_pointers /proc/cmdline || skip "booted without no_hash_pointers: pointers are hashed"
	echo 1 > "$MZ/$F_LIVE"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	# a short alloc_ip (the catch-alls' 0) is left-justified with trailing spaces
	if [ "$GEN" = 4.x ]; then
		grep -q '^(null)          ,0,          (null),0,' "$TMPD/k" || fail "no padded (null) catch-all: $(head -n 1 "$TMPD/k")"
	else
		grep -q '^0               ,0,0000000000000000,0,0,0,0000000000000000,' "$TMPD/k" \
			|| fail "no padded catch-all line: $(head -n 1 "$TMPD/k")"
	fi
	# every object line: field 1 is 16 wide, fields 3 and 7 are 16 characters
	run awk -F, '!/^ / && (length($1) != 16 || length($3) != 16 || length($7) != 16)' "$TMPD/k"
	assert_output ""
	run awk -F, '!/^ / && $5 != 0 && $3 !~ /^[0-9a-f]+$/' "$TMPD/k"
	assert_output ""
}

@test "simulation: no invented reads, the free is one write" {
	[ -e /sys/module/memorizer_sim ] || skip "real Memorizer: reads are real"
	echo 1 > "$MZ/$F_LOG_ACCESS"
	mz_set_mode 1
	mz_workload
	mz_off
	mz_kmap "$TMPD/k"
	run awk -F, '/^  / && ($2 != 1 || $3 != 0)' "$TMPD/k"
	assert_output ""
}

@test "newest and v26: allocations and accesses are CSV with the kernel's header lines" {
	only_renamed
	echo 1 > "$MZ/$F_LOG_ACCESS"
	mz_set_mode 1
	mz_workload
	mz_off
	run head -n 1 "$MZ/allocations"
	assert_output "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,slab,new_type"
	run head -n 1 "$MZ/accesses"
	assert_output --regexp '^alloc_index,access_ip,(pid,)?writes,reads$'
	# rows carry the command too: one value more than the header names
	run awk -F, 'NR > 1 && NF < 11' "$MZ/allocations"
	assert_output ""
	[ "$(wc -l < "$MZ/allocations")" -gt 1 ] || fail "no allocation rows"
}
