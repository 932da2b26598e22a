#!/bin/sh
# Run inside the guest by MemorizerSimIT: memorizer-sim under load (issue 3).
# Prints key=value lines the test checks; kmaps land in /tmp for `cat`.
MZ=/sys/kernel/debug/memorizer
stat_of() { awk -v k="$1:" '$1 == k {print $2}' $MZ/stats; }
abi=$(cat /sys/module/memorizer_sim/parameters/abi)

# 1. 100 000 allocations in mode 1 with a 4096-object table.
rmmod memorizer_sim || exit 10
insmod /lib/modules/$(uname -r)/extra/memorizer_sim.ko abi=$abi capacity=4096 || exit 11
echo 1 > $MZ/memorizer_enabled
n=0
while [ "$n" -lt 100000 ]; do
    for i in 1 2 3 4 5 6 7 8 9 10; do ls -R /sys/kernel/slab > /dev/null 2>&1; cat /proc/self/maps > /dev/null; done
    n=$(( $(stat_of objects_recorded) + $(stat_of dropped) ))
done
echo 0 > $MZ/memorizer_enabled
echo "allocations=$n"
echo "dropped=$(stat_of dropped)"
echo "capacity=$(stat_of capacity)"
cat $MZ/kmap > /tmp/kmap-full

# 2. 30 s of reading kmap while other processes allocate hard.
dmesg -c > /dev/null
end=$(( $(cut -d. -f1 /proc/uptime) + 30 ))
( while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
      echo 1 > $MZ/memorizer_enabled
      ls -R /sys/kernel/slab > /dev/null 2>&1; find /proc/sys > /dev/null 2>&1
  done ) &
( echo 3 > $MZ/memorizer_enabled
  while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do dd if=/dev/zero bs=4k count=64 2>/dev/null | cat > /tmp/junk; done ) &
reads=0
while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
    cat $MZ/kmap > /tmp/kmap-loop
    reads=$((reads + 1))
done
wait
echo 0 > $MZ/memorizer_enabled
echo "reads=$reads"
echo "dmesg_problems=$(dmesg | grep -ciE 'bug|warn|oops|call trace|hung|sleeping function')"
rmmod memorizer_sim && echo "rmmod=ok" || echo "rmmod=failed"
[ -d $MZ ] && echo "dir_after_rmmod=present" || echo "dir_after_rmmod=gone"
