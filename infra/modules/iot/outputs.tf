output "iot_policy_device_name" {
  description = "Name of the IoT policy attached to every device certificate."
  value       = aws_iot_policy.device.name
}

output "iot_policy_device_document" {
  description = "JSON of the device policy."
  value       = local.device_policy_document
}

output "iot_policy_claim_document" {
  description = "JSON of the fleet-provisioning claim certificate policy (null when fleet provisioning is off)."
  value       = local.fleet_provisioned ? local.claim_policy_document : null
}

output "iot_thing_type_names" {
  description = "Names of the thing types (the contract's device types)."
  value       = [for t in aws_iot_thing_type.this : t.name]
}

output "iot_topic_rule_arns" {
  description = "ARNs of the topic rules by role (telemetry, lifecycle)."
  value       = { for k, r in aws_iot_topic_rule.this : k => r.arn }
}

output "iot_topic_rule_sql" {
  description = "SQL of the topic rules by role."
  value       = { for k, r in local.topic_rules : k => r.sql }
}

output "iot_provisioning_template_name" {
  description = "Name of the fleet provisioning template (null when off)."
  value       = local.fleet_provisioned ? local.template_name : null
}

output "apigatewayv2_api_endpoint" {
  description = "Base URL of the HTTP ingest API; devices POST to <endpoint>/telemetry/{deviceType}/{sensorId}."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "iam_policy_documents" {
  description = "JSON of every IAM policy this module writes (for review and tests)."
  value = merge(
    { rule_errors = local.rule_error_policy },
    local.fleet_provisioned ? { provisioning = local.provisioning_policy } : {},
  )
}

output "iot_policy_documents" {
  description = "JSON of every IoT policy this module writes."
  value = merge(
    { device = local.device_policy_document },
    local.fleet_provisioned ? { claim = local.claim_policy_document } : {},
  )
}
