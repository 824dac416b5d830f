#!/usr/bin/env bash
# Offline proof of infra/: bash -n (and shellcheck, where installed) of the scripts, terraform
# fmt -check, init + validate of the root module, every module
# and every example, then `terraform test` (mock providers, plan only: no AWS credentials, no
# network). Works from a fresh clone: provider and module installs go to a temporary TF_DATA_DIR.
#
# Settings (environment):
#   TF_PLUGIN_DIR  provider mirror holding registry.terraform.io/hashicorp/aws/5.100.0/<os>_<arch>/
#                  (default: /opt/tf-plugins when that directory exists)
#   TERRAFORM      terraform binary (default: terraform on PATH)
#
# Last line of output, always: "terraform: N passed, M failed" where N counts passed
# `terraform test` runs and M counts failed or skipped runs plus failed script/fmt/init/validate steps.
# Exit status is non-zero when M > 0. Without terraform the checks are skipped (exit 0).
set -euo pipefail

infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
terraform_bin="${TERRAFORM:-terraform}"

if ! command -v "$terraform_bin" >/dev/null 2>&1; then
  echo "terraform not found on PATH: skipping the Terraform checks of infra/ (install Terraform >= 1.9 to run them)."
  exit 0
fi

plugin_dir="${TF_PLUGIN_DIR:-}"
if [[ -z "$plugin_dir" && -d /opt/tf-plugins ]]; then
  plugin_dir=/opt/tf-plugins
fi
if [[ -z "$plugin_dir" || ! -d "$plugin_dir" ]]; then
  echo "error: no Terraform provider mirror found. Set TF_PLUGIN_DIR to a directory holding" >&2
  echo "       registry.terraform.io/hashicorp/aws/5.100.0/<os>_<arch>/terraform-provider-aws_*" >&2
  echo "       (e.g. created with: terraform providers mirror <dir>)." >&2
  echo "terraform: 0 passed, 1 failed"
  exit 2
fi
plugin_dir="$(cd "$plugin_dir" && pwd)"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/infra-test.XXXXXX")"

# Lock files this run creates are removed again, so that the working tree is left as found.
mapfile -t preexisting_locks < <(find "$infra_dir" -name .terraform.lock.hcl -not -path '*/.terraform/*' 2>/dev/null)
cleanup() {
  local lock keep existing
  while IFS= read -r lock; do
    keep=false
    for existing in "${preexisting_locks[@]+"${preexisting_locks[@]}"}"; do
      [[ "$lock" == "$existing" ]] && keep=true
    done
    [[ "$keep" == true ]] || rm -f "$lock"
  done < <(find "$infra_dir" -name .terraform.lock.hcl -not -path '*/.terraform/*' 2>/dev/null)
  rm -rf "$work_dir"
}
trap cleanup EXIT

# A CLI configuration of our own: the mirror only, never the registry.
cat >"$work_dir/terraformrc" <<CONFIG
provider_installation {
  filesystem_mirror {
    path    = "$plugin_dir"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CONFIG
export TF_CLI_CONFIG_FILE="$work_dir/terraformrc"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
unset TF_WORKSPACE

failed_steps=0
step_failed() {
  echo "FAILED: $*"
  failed_steps=$((failed_steps + 1))
}

start=$(date +%s)
echo "== terraform $("$terraform_bin" version | head -n1 | awk '{print $2}'), provider mirror $plugin_dir"

echo "== scripts: bash -n$(command -v shellcheck >/dev/null 2>&1 && echo ' + shellcheck')"
for script in "$infra_dir"/scripts/*.sh; do
  bash -n "$script" || step_failed "bash -n ${script#"$infra_dir"/}"
  if command -v shellcheck >/dev/null 2>&1; then
    shellcheck "$script" || step_failed "shellcheck ${script#"$infra_dir"/}"
  fi
done

echo "== fmt -check -recursive"
if ! "$terraform_bin" -chdir="$infra_dir" fmt -check -recursive -diff -no-color; then
  step_failed "terraform fmt -check (run: terraform -chdir=infra fmt -recursive)"
fi

data_dir_for() {
  local rel="${1#"$infra_dir"}"
  rel="${rel#/}"
  echo "$work_dir/data/${rel:-root}"
}

dirs=("$infra_dir")
for d in "$infra_dir"/modules/*/ "$infra_dir"/examples/*/; do
  [[ -d "$d" ]] && dirs+=("${d%/}")
done

# init + validate one directory; writes its log and a status file (0 = ok).
check_dir() {
  local dir="$1" key="$2" data_dir rel dir_start status=0
  dir_start=$(date +%s)
  rel="infra${dir#"$infra_dir"}"
  data_dir="$(data_dir_for "$dir")"
  mkdir -p "$data_dir"
  {
    if ! TF_DATA_DIR="$data_dir" "$terraform_bin" -chdir="$dir" init -backend=false -plugin-dir="$plugin_dir" -input=false -no-color >"$work_dir/$key.init.log" 2>&1; then
      cat "$work_dir/$key.init.log"
      echo "FAILED: terraform init in $rel"
      status=1
    elif TF_DATA_DIR="$data_dir" "$terraform_bin" -chdir="$dir" validate -no-color >"$work_dir/$key.validate.log" 2>&1; then
      echo "== validate $rel: ok ($(($(date +%s) - dir_start)) s)"
    else
      cat "$work_dir/$key.validate.log"
      echo "FAILED: terraform validate in $rel"
      status=1
    fi
  } >"$work_dir/$key.log" 2>&1
  echo "$status" >"$work_dir/$key.status"
}

# The directories are independent: check them in parallel, one job per CPU.
jobs_max="$(nproc 2>/dev/null || echo 2)"
for i in "${!dirs[@]}"; do
  while [[ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]]; do
    wait -n || true
  done
  check_dir "${dirs[$i]}" "dir$i" &
done
wait
for i in "${!dirs[@]}"; do
  cat "$work_dir/dir$i.log"
  [[ "$(cat "$work_dir/dir$i.status" 2>/dev/null || echo 1)" == 0 ]] || failed_steps=$((failed_steps + 1))
done

echo "== test (infra/tests/*.tftest.hcl, mock provider, plan only)"
test_start=$(date +%s)
test_log="$work_dir/test.log"
set +e
TF_DATA_DIR="$(data_dir_for "$infra_dir")" "$terraform_bin" -chdir="$infra_dir" test -no-color 2>&1 | tee "$test_log"
test_status=${PIPESTATUS[0]}
set -e

passed=$(grep -cE '^[[:space:]]+run "[^"]+"\.\.\. pass$' "$test_log" || true)
failed_runs=$(grep -cE '^[[:space:]]+run "[^"]+"\.\.\. (fail|error)$' "$test_log" || true)
skipped_runs=$(grep -cE '^[[:space:]]+run "[^"]+"\.\.\. skip$' "$test_log" || true)
failed=$((failed_runs + skipped_runs + failed_steps))
if [[ $test_status -ne 0 && $failed_runs -eq 0 && $skipped_runs -eq 0 ]]; then
  step_failed "terraform test exited with status $test_status"
  failed=$((failed + 1))
fi

echo "== test: $(($(date +%s) - test_start)) s, total: $(($(date +%s) - start)) s; ${skipped_runs} run(s) skipped, ${failed_steps} script/fmt/init/validate step(s) failed"
echo "terraform: ${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
