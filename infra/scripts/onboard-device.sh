#!/usr/bin/env bash
# Onboard one device: register it in the device registry (streams-service POST /api/devices),
# create its IoT thing (with its thing type), a certificate and keys, attach the device policy and
# the thing to the certificate, and print what the device needs to connect.
#
# Needs: bash, aws (CLI v2, credentials for the pipeline's account), curl, jq.
# Run with --help for the options. --dry-run prints every call instead of making it.
set -euo pipefail

program="$(basename "$0")"

usage() {
  cat <<USAGE
Usage: $program --sensor-id ID --device-type TYPE --customer-id ID --address TEXT
                --account-status STATUS --lat DEG --lon DEG
                --registry-url URL --policy-name NAME [options]

Registers a device and creates its AWS IoT identity (thing + certificate + policy).

Required:
  --sensor-id ID          Device id = IoT thing name = MQTT client id ([A-Za-z0-9_:-], 1-128 chars)
  --device-type TYPE      Device type = IoT thing type (e.g. smart-meter, temperature-sensor)
  --customer-id ID        Customer the device belongs to
  --address TEXT          Installation address
  --account-status STATUS Account status of the customer (e.g. ACTIVE, SUSPENDED)
  --lat DEG               Latitude, -90..90
  --lon DEG               Longitude, -180..180
  --registry-url URL      Base URL of the streams-service (e.g. http://\$(terraform -chdir=infra output -raw lb_dns_name))
  --policy-name NAME      IoT device policy (terraform -chdir=infra output -raw iot_policy_device_name)

Options:
  --out-dir DIR           Where the certificate and keys are written (default: ./devices/<sensor-id>)
  --region REGION         AWS region (default: AWS_REGION / AWS_DEFAULT_REGION / the CLI profile's)
  --skip-registry         Do not call the registry (the device is already registered)
  --force-new-certificate Create another certificate even if the thing already has one
  --dry-run               Print the calls that would be made, make none
  -h, --help              Show this help

Example:
  $program --sensor-id m-0001 --device-type smart-meter --customer-id c-42 \\
    --address "1 Main St, Dublin" --account-status ACTIVE --lat 53.35 --lon -6.26 \\
    --registry-url http://internal-iot-pipeline-dev-streams-123.eu-west-1.elb.amazonaws.com \\
    --policy-name iot-pipeline-dev-device
USAGE
}

die() {
  echo "$program: $*" >&2
  exit 2
}

sensor_id="" device_type="" customer_id="" address="" account_status="" lat="" lon=""
registry_url="" policy_name="" out_dir="" region="" skip_registry=false force_new_cert=false dry_run=false

need_value() {
  [[ $# -ge 2 && -n "$2" ]] || die "option $1 needs a value (see --help)"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sensor-id) need_value "$@"; sensor_id="$2"; shift 2 ;;
    --device-type) need_value "$@"; device_type="$2"; shift 2 ;;
    --customer-id) need_value "$@"; customer_id="$2"; shift 2 ;;
    --address) need_value "$@"; address="$2"; shift 2 ;;
    --account-status) need_value "$@"; account_status="$2"; shift 2 ;;
    --lat) need_value "$@"; lat="$2"; shift 2 ;;
    --lon) need_value "$@"; lon="$2"; shift 2 ;;
    --registry-url) need_value "$@"; registry_url="${2%/}"; shift 2 ;;
    --policy-name) need_value "$@"; policy_name="$2"; shift 2 ;;
    --out-dir) need_value "$@"; out_dir="$2"; shift 2 ;;
    --region) need_value "$@"; region="$2"; shift 2 ;;
    --skip-registry) skip_registry=true; shift ;;
    --force-new-certificate) force_new_cert=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

# --- Validate the arguments before touching anything ---
[[ -n "$sensor_id" ]] || die "--sensor-id is required"
[[ "$sensor_id" =~ ^[A-Za-z0-9_:-]{1,128}$ ]] || die "--sensor-id must be 1-128 characters of A-Z a-z 0-9 _ : - (it is the thing name and MQTT client id)"
[[ -n "$device_type" ]] || die "--device-type is required"
[[ "$device_type" =~ ^[a-z][a-z0-9-]{1,63}$ ]] || die "--device-type must be a lower-case thing type name such as smart-meter"
[[ -n "$policy_name" ]] || die "--policy-name is required"
[[ "$policy_name" =~ ^[A-Za-z0-9_+=,.@-]{1,128}$ ]] || die "--policy-name is not a valid IoT policy name"
if [[ "$skip_registry" == false ]]; then
  [[ -n "$customer_id" ]] || die "--customer-id is required"
  [[ "$customer_id" =~ ^[A-Za-z0-9_.@:#/-]{1,128}$ ]] || die "--customer-id must be 1-128 characters of A-Z a-z 0-9 _ . @ : # / - (it becomes a thing attribute)"
  [[ -n "$address" ]] || die "--address is required"
  [[ -n "$account_status" ]] || die "--account-status is required"
  [[ "$lat" =~ ^-?[0-9]+([.][0-9]+)?$ ]] || die "--lat must be a number"
  [[ "$lon" =~ ^-?[0-9]+([.][0-9]+)?$ ]] || die "--lon must be a number"
  awk -v v="$lat" 'BEGIN { exit !(v >= -90 && v <= 90) }' || die "--lat must be between -90 and 90"
  awk -v v="$lon" 'BEGIN { exit !(v >= -180 && v <= 180) }' || die "--lon must be between -180 and 180"
  [[ "$registry_url" =~ ^https?://[^[:space:]]+$ ]] || die "--registry-url must be an http(s) URL"
fi
out_dir="${out_dir:-./devices/$sensor_id}"

tools=(aws)
[[ "$skip_registry" == true ]] || tools+=(curl jq)
if [[ "$dry_run" == false ]]; then
  for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not on PATH"
  done
fi

aws_args=()
[[ -z "$region" ]] || aws_args+=(--region "$region")

# Dry-run lines go to the terminal's stdout (fd 3) even from inside $(...) or under >/dev/null.
exec 3>&1

# run CMD...: executes CMD, or prints it under --dry-run.
run() {
  if [[ "$dry_run" == true ]]; then
    {
      printf '[dry-run]'
      printf ' %q' "$@"
      printf '\n'
    } >&3
  else
    "$@"
  fi
}

# capture PLACEHOLDER CMD...: prints CMD's output, or PLACEHOLDER under --dry-run.
capture() {
  local placeholder="$1"
  shift
  if [[ "$dry_run" == true ]]; then
    run "$@"
    echo "$placeholder"
  else
    "$@"
  fi
}

# --- 1. Registry: the device must be known before it gets an identity ---
if [[ "$skip_registry" == false ]]; then
  if [[ "$dry_run" == true ]]; then
    body="{\"sensorId\":\"$sensor_id\",\"deviceType\":\"$device_type\",\"customerId\":\"$customer_id\",\"address\":\"$address\",\"accountStatus\":\"$account_status\",\"lat\":$lat,\"lon\":$lon}"
  else
    body="$(jq -cn \
      --arg sensorId "$sensor_id" --arg deviceType "$device_type" --arg customerId "$customer_id" \
      --arg address "$address" --arg accountStatus "$account_status" \
      --argjson lat "$lat" --argjson lon "$lon" \
      '{sensorId: $sensorId, deviceType: $deviceType, customerId: $customerId, address: $address, accountStatus: $accountStatus, lat: $lat, lon: $lon}')"
  fi
  echo "1/5 registering $sensor_id in the device registry"
  response_file="$(mktemp)"
  trap 'rm -f "$response_file"' EXIT
  status="$(capture 201 curl -sS -o "$response_file" -w '%{http_code}' -X POST "$registry_url/api/devices" \
    -H 'Content-Type: application/json' --data "$body")"
  case "$status" in
    200 | 201 | 204) ;;
    409) echo "    already registered (409), continuing" ;;
    *) die "the registry answered HTTP $status to POST $registry_url/api/devices: $(head -c 500 "$response_file")" ;;
  esac
else
  echo "1/5 registry skipped (--skip-registry)"
fi

# --- 2. Thing (idempotent: create-thing returns the existing thing when it is identical) ---
echo "2/5 creating thing $sensor_id of type $device_type"
attributes="{\"attributes\":{\"customerId\":\"${customer_id:-unknown}\"}}"
run aws "${aws_args[@]+"${aws_args[@]}"}" iot create-thing --thing-name "$sensor_id" \
  --thing-type-name "$device_type" --attribute-payload "$attributes" >/dev/null

principals="$(capture "" aws "${aws_args[@]+"${aws_args[@]}"}" iot list-thing-principals --thing-name "$sensor_id" \
  --query 'principals' --output text)"
if [[ -n "$principals" && "$principals" != "None" && "$force_new_cert" == false ]]; then
  die "thing $sensor_id already has a certificate ($principals); use --force-new-certificate to add another"
fi

# --- 3. Certificate and keys (private key readable by the operator only) ---
echo "3/5 creating certificate and keys in $out_dir"
run mkdir -p "$out_dir"
umask 077
cert_file="$out_dir/$sensor_id.cert.pem"
public_key_file="$out_dir/$sensor_id.public.key"
private_key_file="$out_dir/$sensor_id.private.key"
cert_arn="$(capture "arn:aws:iot:REGION:ACCOUNT:cert/CERTIFICATE_ID" aws "${aws_args[@]+"${aws_args[@]}"}" iot create-keys-and-certificate \
  --set-as-active \
  --certificate-pem-outfile "$cert_file" \
  --public-key-outfile "$public_key_file" \
  --private-key-outfile "$private_key_file" \
  --query certificateArn --output text)"

# --- 4. Policy on the certificate, certificate on the thing ---
echo "4/5 attaching policy $policy_name and thing $sensor_id to the certificate"
run aws "${aws_args[@]+"${aws_args[@]}"}" iot attach-policy --policy-name "$policy_name" --target "$cert_arn"
run aws "${aws_args[@]+"${aws_args[@]}"}" iot attach-thing-principal --thing-name "$sensor_id" --principal "$cert_arn"

# --- 5. What the device needs ---
echo "5/5 looking up the device data endpoint"
endpoint="$(capture "xxxxxxxxxxxxxx-ats.iot.REGION.amazonaws.com" aws "${aws_args[@]+"${aws_args[@]}"}" iot describe-endpoint \
  --endpoint-type iot:Data-ATS --query endpointAddress --output text)"

cat <<DONE

Device $sensor_id is onboarded$([[ "$dry_run" == false ]] || echo " (dry run: nothing was created)").
  MQTT endpoint : $endpoint:8883 (TLS 1.2, X.509 client certificate)
  client id     : $sensor_id   (must equal the thing name: the policy allows no other)
  publish topic : dt/$device_type/$sensor_id/telemetry
  certificate   : $cert_file
  private key   : $private_key_file
  public key    : $public_key_file
  server CA     : https://www.amazontrust.com/repository/AmazonRootCA1.pem
  cert ARN      : $cert_arn
Copy the certificate and private key to the device over a secure channel, then delete the local copy.
DONE
