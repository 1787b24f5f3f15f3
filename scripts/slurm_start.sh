#!/usr/bin/env bash
# Installs (Debian packages) and starts a single-node Slurm on this machine, configured for a
# container: no cgroups (proctrack/linuxproc, task/none), select/cons_tres, the real host name
# as the node and the controller. Needs root. Idempotent: a Slurm already answering is kept.
#
#   sudo scripts/slurm_start.sh        then: sinfo, sbatch --wait --array=0-3 job.sh
set -euo pipefail

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
    || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends munge slurmctld slurmd slurm-client >/dev/null
fi

if sinfo -h >/dev/null 2>&1 && [ "$(sinfo -h -o %T | head -1)" = idle ]; then
    echo "slurm_start: Slurm is already up"
    exit 0
fi

host=$(hostname -s)
cpus=$(nproc)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat >/etc/slurm/slurm.conf <<EOF
# written by artnorm's scripts/slurm_start.sh: one node, no cgroups (a container)
ClusterName=artnorm
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MaxArraySize=1001
NodeName=$host CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

# munge: a key (the package makes one; make it if missing), then the daemon
if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --force 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0700 /etc/munge
chmod 0600 /etc/munge/munge.key
if ! pgrep -x munged >/dev/null; then
    su -s /bin/sh munge -c "munged" 2>/dev/null || munged --force
fi

pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd

for _ in $(seq 1 60); do
    state=$(sinfo -h -o %T 2>/dev/null | head -1 || true)
    if [ "$state" = idle ]; then
        echo "slurm_start: Slurm is up on $host ($cpus CPUs)"
        exit 0
    fi
    # a node that registered as down after a restart is brought back
    if [ -n "$state" ] && [ "$state" != idle ]; then
        scontrol update nodename="$host" state=resume 2>/dev/null || true
    fi
    sleep 1
done
echo "slurm_start: Slurm did not come up; its logs:" >&2
tail -n 30 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
