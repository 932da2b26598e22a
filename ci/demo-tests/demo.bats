#!/usr/bin/env bats
# Shows a failing job in the GitLab example; not part of mzsh's own tests.

@test "memorizer debugfs directory is there" {
	[ -d /sys/kernel/debug/memorizer ]
}

@test "a deliberately wrong expectation (demo of a failure)" {
	[ "$(cat /proc/sys/kernel/ostype)" = FreeBSD ]
}
