#!/usr/bin/env bash
# Create the pipeline's Kafka topics on MSK, idempotently (--if-not-exists), from the topic table
# that Terraform outputs (msk_topics). Run it once after `terraform apply` and after every change of
# the table, from a host that reaches the brokers (inside the VPC: a CloudShell VPC environment, an
# SSM-managed instance, or an ECS one-off task) with IAM credentials allowed kafka-cluster:CreateTopic.
#
# Needs: kafka-topics.sh (Apache Kafka CLI) with the aws-msk-iam-auth jar on its CLASSPATH, jq,
# and terraform (or --topics-json / --bootstrap-servers given explicitly).
set -euo pipefail

program="$(basename "$0")"
infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat <<USAGE
Usage: $program [--bootstrap-servers HOSTS] [--topics-json FILE] [--replication-factor N] [--dry-run]

  --bootstrap-servers HOSTS  MSK SASL/IAM bootstrap brokers (default: terraform output kafka_bootstrap_servers)
  --topics-json FILE         Topic table as JSON (default: terraform output -json msk_topics)
  --replication-factor N     Replication factor (default: terraform output msk_topic_replication_factor)
  --dry-run                  Print the kafka-topics.sh calls, make none
  -h, --help                 Show this help
USAGE
}

die() {
  echo "$program: $*" >&2
  exit 2
}

bootstrap="" topics_json="" replication="" dry_run=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bootstrap-servers) [[ $# -ge 2 ]] || die "$1 needs a value"; bootstrap="$2"; shift 2 ;;
    --topics-json) [[ $# -ge 2 ]] || die "$1 needs a value"; topics_json="$2"; shift 2 ;;
    --replication-factor) [[ $# -ge 2 ]] || die "$1 needs a value"; replication="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v jq >/dev/null 2>&1 || die "jq is required"
tf_output() {
  terraform -chdir="$infra_dir" output "$@"
}

[[ -n "$bootstrap" ]] || bootstrap="$(tf_output -raw kafka_bootstrap_servers)"
[[ -n "$replication" ]] || replication="$(tf_output -raw msk_topic_replication_factor)"
if [[ -n "$topics_json" ]]; then
  table="$(cat "$topics_json")"
else
  table="$(tf_output -json msk_topics)"
fi
[[ "$replication" =~ ^[1-9][0-9]*$ ]] || die "--replication-factor must be a positive integer"

config_file="$(mktemp)"
trap 'rm -f "$config_file"' EXIT
cat >"$config_file" <<'PROPERTIES'
security.protocol=SASL_SSL
sasl.mechanism=AWS_MSK_IAM
sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;
sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler
PROPERTIES

if [[ "$dry_run" == false ]]; then
  command -v kafka-topics.sh >/dev/null 2>&1 || die "kafka-topics.sh is required on PATH (with aws-msk-iam-auth on CLASSPATH)"
fi

while IFS=$'\t' read -r name partitions cleanup configs; do
  cmd=(kafka-topics.sh --bootstrap-server "$bootstrap" --command-config "$config_file"
    --create --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor "$replication")
  for config in $configs; do
    cmd+=(--config "$config")
  done
  if [[ "$dry_run" == true ]]; then
    printf '[dry-run]'
    printf ' %q' "${cmd[@]}"
    printf '\n'
  else
    echo "creating $name (partitions $partitions, $cleanup) if missing"
    "${cmd[@]}"
  fi
done < <(jq -r 'to_entries[] | [.key, .value.partitions, .value.cleanup_policy,
  ((.value.configs // {"cleanup.policy": .value.cleanup_policy, "retention.ms": .value.retention_ms}) | to_entries | map("\(.key)=\(.value)") | join(" "))] | @tsv' <<<"$table")
